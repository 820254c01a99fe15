using System.Text;
using FedBus.Imaging.Labels;

namespace FedBus.Imaging.Tests;

public sealed class LabelCodecTests
{
    private static MaskLabel Blob(int height, int width, int classes = 2)
    {
        var ids = new byte[height * width];
        for (var r = 0; r < height; r++)
            for (var c = 0; c < width; c++)
            {
                var d = Math.Sqrt(Math.Pow(r - height / 2.0, 2) + Math.Pow(c - width / 2.0, 2));
                ids[r * width + c] = (byte)(d < height / 3.0 ? 1 + (c % (classes - 1)) : 0);
            }
        return new MaskLabel(height, width, ids);
    }

    [Fact]
    public void A_mask_survives_png_and_rle_unchanged()
    {
        var mask = Blob(53, 41, classes: 4);
        var png = LabelCodec.Encode(mask);
        Assert.Equal(LabelMediaTypes.MaskPng, png.MediaType);
        Assert.Equal(mask, LabelCodec.Decode(png.Bytes, png.MediaType));
        var rle = LabelCodec.EncodeRle(mask);
        Assert.Equal(mask, LabelCodec.Decode(rle.Bytes, rle.MediaType));
    }

    [Fact]
    public void Encoding_is_canonical_so_the_same_label_has_the_same_digest()
    {
        var a = LabelCodec.Encode(Blob(32, 32));
        var b = LabelCodec.Encode(Blob(32, 32));
        Assert.Equal(a.Bytes, b.Bytes);
        Assert.Equal(
            LabelCodec.Encode(new BoxesLabel([new LabelBox(1, 2, 3, 4, 0)])).Bytes,
            LabelCodec.Encode(new BoxesLabel([new LabelBox(1, 2, 3, 4, 0)])).Bytes);
    }

    [Fact]
    public void Class_labels_and_predictions_with_probabilities_round_trip()
    {
        foreach (ImageLabel label in new ImageLabel[] { new ClassIdLabel(3), new ClassIdLabel(1, [0.1, 0.7, 0.2]) })
        {
            var encoded = LabelCodec.Encode(label);
            Assert.Equal(label, LabelCodec.Decode(encoded.Bytes, encoded.MediaType));
        }
        Assert.Equal(new ClassIdLabel(2), LabelCodec.Decode("{\"classId\":2}"u8, "application/vnd.fedbus.class+json; charset=utf-8"));
    }

    [Fact]
    public void Boxes_with_and_without_scores_round_trip()
    {
        var boxes = new BoxesLabel([new LabelBox(1.5, 2, 30.25, 40, 2), new LabelBox(0, 0, 5, 5, 0, 0.875)]);
        var encoded = LabelCodec.Encode(boxes);
        Assert.Equal(boxes, LabelCodec.Decode(encoded.Bytes, encoded.MediaType));
    }

    [Fact]
    public void A_coloured_png_is_refused_because_a_mask_holds_class_ids()
    {
        var pixels = Enumerable.Range(0, 16).Select(i => i == 5 ? new[] { 255, 0, 0 } : new[] { 1, 1, 1 }).ToArray();
        var png = PillowPng.Write(new { mode = "RGB", width = 4, height = 4, pixels });
        var e = Assert.Throws<LabelFormatException>(() => LabelCodec.Decode(png, LabelMediaTypes.MaskPng));
        Assert.Contains("row 1, column 1", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_gray_rgba_png_as_a_browser_canvas_writes_it_reads_as_class_ids()
    {
        var pixels = Enumerable.Range(0, 12).Select(i => new[] { i % 3, i % 3, i % 3, 255 }).ToArray();
        var png = PillowPng.Write(new { mode = "RGBA", width = 4, height = 3, pixels });
        var mask = Assert.IsType<MaskLabel>(LabelCodec.Decode(png, LabelMediaTypes.MaskPng));
        Assert.Equal(Enumerable.Range(0, 12).Select(i => (byte)(i % 3)), mask.ClassIds);
    }

    [Fact]
    public void A_transparent_pixel_is_refused()
    {
        var pixels = Enumerable.Range(0, 4).Select(i => new[] { 1, 1, 1, i == 3 ? 0 : 255 }).ToArray();
        var png = PillowPng.Write(new { mode = "RGBA", width = 2, height = 2, pixels });
        Assert.Contains("transparent", Assert.Throws<LabelFormatException>(() => LabelCodec.Decode(png, LabelMediaTypes.MaskPng)).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"height\":2,\"width\":2,\"runs\":[[0,3]]}", "cover 3 of the 4")]
    [InlineData("{\"height\":2,\"width\":2,\"runs\":[[0,3],[1,2]]}", "more than")]
    [InlineData("{\"height\":2,\"width\":2,\"runs\":[[300,4]]}", "run 0 class id")]
    [InlineData("{\"width\":2,\"runs\":[]}", "\"height\" is missing")]
    [InlineData("[1,2]", "not a JSON object")]
    [InlineData("{\"height\":2,", "not valid JSON")]
    public void Malformed_rle_is_refused_with_the_reason(string json, string reason)
    {
        var e = Assert.Throws<LabelFormatException>(() => LabelCodec.Decode(Encoding.UTF8.GetBytes(json), LabelMediaTypes.MaskRle));
        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"boxes\":[{\"x0\":1,\"y0\":1,\"x1\":\"NaN\",\"y1\":2,\"classId\":0}]}", "boxes[0].x1")]
    [InlineData("{\"boxes\":[{\"x0\":1,\"y0\":1,\"x1\":2,\"y1\":2}]}", "boxes[0].classId")]
    [InlineData("{\"boxes\":{}}", "no \"boxes\" array")]
    [InlineData("{\"classId\":1.5}", "integer")]
    public void Malformed_json_labels_are_refused_with_the_field_named(string json, string reason)
    {
        var type = json.Contains("boxes", StringComparison.Ordinal) ? LabelMediaTypes.BoxesJson : LabelMediaTypes.ClassJson;
        var e = Assert.Throws<LabelFormatException>(() => LabelCodec.Decode(Encoding.UTF8.GetBytes(json), type));
        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_media_type_names_the_accepted_ones()
    {
        var e = Assert.Throws<LabelFormatException>(() => LabelCodec.Decode("x"u8, "image/jpeg"));
        Assert.Contains(LabelMediaTypes.MaskRle, e.Message, StringComparison.Ordinal);
    }
}
