using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using FedBus.Dicom.Imaging;
using FedBus.Imaging.Png;

namespace FedBus.Imaging.Labels;

/// <summary>
/// Reads and writes labels in the formats of <see cref="LabelMediaTypes"/>. Decoding checks the format only (a PNG
/// that is a mask, JSON of the right shape, finite numbers); whether a label fits its task and image is QC's job.
/// Writing is canonical: the same label always gives the same bytes, so its blob digest identifies it.
/// </summary>
public static class LabelCodec
{
    private static readonly JsonSerializerOptions Compact = new() { WriteIndented = false };

    public static EncodedLabel Encode(ImageLabel label) => label switch
    {
        MaskLabel m => new EncodedLabel(PngEncoder.Encode(m.Width, m.Height, PngColorType.Gray8, m.ClassIds, System.IO.Compression.CompressionLevel.Optimal), LabelMediaTypes.MaskPng),
        ClassIdLabel c => new EncodedLabel(JsonSerializer.SerializeToUtf8Bytes(ClassNode(c), Compact), LabelMediaTypes.ClassJson),
        BoxesLabel b => new EncodedLabel(JsonSerializer.SerializeToUtf8Bytes(BoxesNode(b), Compact), LabelMediaTypes.BoxesJson),
        _ => throw new ArgumentException($"No format for {label.GetType().Name}.", nameof(label)),
    };

    /// <summary>Encodes a mask as row-major runs (the RLE format a browser can produce without a PNG encoder).</summary>
    public static EncodedLabel EncodeRle(MaskLabel mask)
    {
        var runs = new JsonArray();
        var i = 0;
        while (i < mask.ClassIds.Length)
        {
            var value = mask.ClassIds[i];
            var start = i;
            while (i < mask.ClassIds.Length && mask.ClassIds[i] == value) i++;
            runs.Add(new JsonArray(value, i - start));
        }
        var node = new JsonObject { ["height"] = mask.Height, ["width"] = mask.Width, ["runs"] = runs };
        return new EncodedLabel(JsonSerializer.SerializeToUtf8Bytes(node, Compact), LabelMediaTypes.MaskRle);
    }

    public static ImageLabel Decode(ReadOnlySpan<byte> bytes, string mediaType)
    {
        var type = (mediaType ?? "").Split(';')[0].Trim().ToLowerInvariant();
        return type switch
        {
            LabelMediaTypes.MaskPng => DecodeMaskPng(bytes),
            LabelMediaTypes.MaskRle => DecodeMaskRle(bytes),
            LabelMediaTypes.ClassJson => DecodeClass(bytes),
            LabelMediaTypes.BoxesJson => DecodeBoxes(bytes),
            _ => throw new LabelFormatException(
                $"unknown label type '{mediaType}'; use {LabelMediaTypes.MaskPng}, {LabelMediaTypes.MaskRle}, {LabelMediaTypes.ClassJson} or {LabelMediaTypes.BoxesJson}"),
        };
    }

    public static MaskLabel DecodeMaskPng(ReadOnlySpan<byte> bytes)
    {
        DecodedPng png;
        try
        {
            png = PngDecoder.Decode(bytes);
        }
        catch (PngFormatException e)
        {
            throw new LabelFormatException($"the mask is not a readable PNG: {e.Message}", e);
        }
        var pixels = png.Width * png.Height;
        var ids = new byte[pixels];
        switch (png.ColorType)
        {
            case 0 or 3:
                // Grayscale values and palette indices are the class ids.
                png.Samples.CopyTo(ids, 0);
                break;
            case 4 or 2 or 6:
                var channels = png.Channels;
                var hasAlpha = png.ColorType is 4 or 6;
                var colourChannels = png.ColorType == 4 ? 1 : 3;
                for (var p = 0; p < pixels; p++)
                {
                    var s = png.Samples.AsSpan(p * channels, channels);
                    if (hasAlpha && s[channels - 1] != 255)
                        throw new LabelFormatException($"the mask has a transparent pixel at row {p / png.Width}, column {p % png.Width}; a mask must be opaque, its gray value the class id");
                    if (colourChannels == 3 && (s[0] != s[1] || s[1] != s[2]))
                        throw new LabelFormatException($"the mask has a coloured pixel at row {p / png.Width}, column {p % png.Width}; a mask's pixels are gray values equal to class ids");
                    ids[p] = s[0];
                }
                break;
        }
        return new MaskLabel(png.Height, png.Width, ids);
    }

    public static MaskLabel DecodeMaskRle(ReadOnlySpan<byte> bytes)
    {
        var root = ParseObject(bytes, "mask RLE");
        var height = RequiredInt(root, "height", 1, 65535);
        var width = RequiredInt(root, "width", 1, 65535);
        if ((long)height * width > PngDecoder.DefaultMaxPixels) throw new LabelFormatException($"a {height}×{width} mask is larger than the limit");
        if (root["runs"] is not JsonArray runs) throw new LabelFormatException("the mask RLE has no \"runs\" array");
        var ids = new byte[height * width];
        var at = 0;
        for (var r = 0; r < runs.Count; r++)
        {
            if (runs[r] is not JsonArray run || run.Count != 2)
                throw new LabelFormatException($"run {r} is not a [classId, length] pair");
            var value = ArrayInt(run[0], $"run {r} class id", 0, 255);
            var length = ArrayInt(run[1], $"run {r} length", 1, int.MaxValue);
            if (length > ids.Length - at)
                throw new LabelFormatException($"the runs cover more than the {height}×{width} = {ids.Length} pixels of the mask");
            ids.AsSpan(at, length).Fill((byte)value);
            at += length;
        }
        if (at != ids.Length) throw new LabelFormatException($"the runs cover {at} of the {ids.Length} pixels of a {height}×{width} mask");
        return new MaskLabel(height, width, ids);
    }

    public static ClassIdLabel DecodeClass(ReadOnlySpan<byte> bytes)
    {
        var root = ParseObject(bytes, "class label");
        var classId = RequiredInt(root, "classId", int.MinValue, int.MaxValue);
        List<double>? probabilities = null;
        if (root["probabilities"] is JsonArray p)
        {
            probabilities = [];
            for (var i = 0; i < p.Count; i++) probabilities.Add(Finite(p[i], $"probabilities[{i}]"));
        }
        return new ClassIdLabel(classId, probabilities);
    }

    public static BoxesLabel DecodeBoxes(ReadOnlySpan<byte> bytes)
    {
        var root = ParseObject(bytes, "box label");
        if (root["boxes"] is not JsonArray boxes) throw new LabelFormatException("the box label has no \"boxes\" array");
        var result = new List<LabelBox>(boxes.Count);
        for (var i = 0; i < boxes.Count; i++)
        {
            if (boxes[i] is not JsonObject b) throw new LabelFormatException($"boxes[{i}] is not an object");
            double? score = b["score"] is null ? null : Finite(b["score"], $"boxes[{i}].score");
            result.Add(new LabelBox(
                Finite(b["x0"], $"boxes[{i}].x0"), Finite(b["y0"], $"boxes[{i}].y0"),
                Finite(b["x1"], $"boxes[{i}].x1"), Finite(b["y1"], $"boxes[{i}].y1"),
                RequiredInt(b, "classId", int.MinValue, int.MaxValue, $"boxes[{i}]."), score));
        }
        return new BoxesLabel(result);
    }

    private static JsonObject ClassNode(ClassIdLabel c)
    {
        var node = new JsonObject { ["classId"] = c.ClassId };
        if (c.Probabilities is { } p) node["probabilities"] = new JsonArray(p.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());
        return node;
    }

    private static JsonObject BoxesNode(BoxesLabel b) => new()
    {
        ["boxes"] = new JsonArray(b.Boxes.Select(x =>
        {
            var o = new JsonObject { ["x0"] = x.X0, ["y0"] = x.Y0, ["x1"] = x.X1, ["y1"] = x.Y1, ["classId"] = x.ClassId };
            if (x.Score is { } s) o["score"] = s;
            return (JsonNode?)o;
        }).ToArray()),
    };

    private static JsonObject ParseObject(ReadOnlySpan<byte> bytes, string what)
    {
        try
        {
            return JsonNode.Parse(bytes) as JsonObject ?? throw new LabelFormatException($"the {what} is not a JSON object");
        }
        catch (JsonException e)
        {
            throw new LabelFormatException($"the {what} is not valid JSON: {e.Message}", e);
        }
    }

    private static int RequiredInt(JsonObject o, string name, int min, int max, string prefix = "")
    {
        if (o[name] is null) throw new LabelFormatException($"\"{prefix}{name}\" is missing");
        return ArrayInt(o[name], prefix + name, min, max);
    }

    private static int ArrayInt(JsonNode? node, string what, int min, int max)
    {
        if (node is not JsonValue v || !v.TryGetValue<double>(out var d) || d != Math.Floor(d) || d < min || d > max)
            throw new LabelFormatException($"\"{what}\" must be an integer{(min > int.MinValue ? $" from {min.ToString(CultureInfo.InvariantCulture)}" : "")}{(max < int.MaxValue ? $" to {max.ToString(CultureInfo.InvariantCulture)}" : "")}, got {node?.ToJsonString() ?? "null"}");
        return (int)d;
    }

    private static double Finite(JsonNode? node, string what)
    {
        if (node is not JsonValue v || !v.TryGetValue<double>(out var d) || !double.IsFinite(d))
            throw new LabelFormatException($"\"{what}\" must be a finite number, got {node?.ToJsonString() ?? "nothing"}");
        return d;
    }
}
