using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace FedBus.Learning.Weights;

/// <summary>
/// Reads and writes the safetensors layout (what PyTorch's and MONAI's tooling read): an 8-byte
/// little-endian header length, a UTF-8 JSON header mapping each tensor name to dtype, shape and
/// <c>data_offsets</c> (relative to the data section), padded with spaces to a multiple of 8, then the
/// raw little-endian tensor bytes. Our writer is canonical — <c>__metadata__</c> first, tensors in
/// ordinal name order and stored contiguously in that order, no whitespace — so read → write gives
/// the same bytes. The reader checks every offset, and the payload SHA-256 when the metadata has one.
/// </summary>
public static class SafeTensors
{
    public const string MetadataKey = "__metadata__";

    /// <summary>Refuse absurd headers before allocating for them.</summary>
    private const long MaxHeaderBytes = 100L * 1024 * 1024;

    internal delegate void ByteSink(ReadOnlySpan<byte> bytes);

    public static byte[] ToBytes(WeightSet weights, WeightMetadata metadata)
    {
        using var ms = new MemoryStream();
        Write(ms, weights, metadata);
        return ms.ToArray();
    }

    public static void WriteFile(string path, WeightSet weights, WeightMetadata metadata)
    {
        var tmp = path + ".tmp";
        using (var fs = File.Create(tmp)) Write(fs, weights, metadata);
        File.Move(tmp, path, overwrite: true);
    }

    /// <summary>Writes <paramref name="weights"/>; the payload digest in the file is computed here (any value in <paramref name="metadata"/> is replaced).</summary>
    public static void Write(Stream stream, WeightSet weights, WeightMetadata metadata)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(metadata);
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("safetensors payloads are little-endian.");

        var header = BuildHeader(weights, metadata with { PayloadSha256 = weights.PayloadSha256() });
        Span<byte> len = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(len, (ulong)header.Length);
        stream.Write(len);
        stream.Write(header);
        WritePayload(weights, bytes => stream.Write(bytes));
    }

    public static WeightFile ReadFile(string path) => Read(File.ReadAllBytes(path));

    public static WeightFile Read(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var ms = new MemoryStream();
        stream.CopyTo(ms);
        return Read(ms.GetBuffer().AsSpan(0, (int)ms.Length));
    }

    /// <summary>Parses a whole file; throws <see cref="InvalidDataException"/> naming what is wrong.</summary>
    public static WeightFile Read(ReadOnlySpan<byte> file)
    {
        if (file.Length < 8) throw new InvalidDataException($"Not a safetensors file: {file.Length} bytes, the header length alone needs 8.");
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(file);
        if (headerLength > MaxHeaderBytes || headerLength > (ulong)(file.Length - 8))
            throw new InvalidDataException($"safetensors header length {headerLength} does not fit a {file.Length}-byte file.");
        var headerBytes = file.Slice(8, (int)headerLength);
        var data = file[(8 + (int)headerLength)..];

        JsonDocument doc;
        try { doc = JsonDocument.Parse(headerBytes.ToArray()); }
        catch (JsonException e) { throw new InvalidDataException($"safetensors header is not valid JSON: {e.Message}", e); }
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object) throw new InvalidDataException("safetensors header is not a JSON object.");
            var metaValues = new SortedDictionary<string, string>(StringComparer.Ordinal);
            var entries = new List<(string Name, WeightDType DType, long[] Shape, long Begin, long End)>();
            foreach (var prop in doc.RootElement.EnumerateObject())
            {
                if (prop.Name == MetadataKey)
                {
                    if (prop.Value.ValueKind != JsonValueKind.Object) throw new InvalidDataException("__metadata__ must be an object of strings.");
                    foreach (var m in prop.Value.EnumerateObject())
                    {
                        if (m.Value.ValueKind != JsonValueKind.String) throw new InvalidDataException($"__metadata__ entry '{m.Name}' is not a string.");
                        metaValues[m.Name] = m.Value.GetString()!;
                    }
                    continue;
                }
                entries.Add(ParseEntry(prop));
            }

            // Offsets must tile the data section exactly (no gaps, no overlaps), as the format requires.
            long expected = 0;
            foreach (var e in entries.OrderBy(e => e.Begin).ThenBy(e => e.End))
            {
                if (e.Begin != expected) throw new InvalidDataException($"Tensor '{e.Name}' starts at byte {e.Begin} of the data section; expected {expected} (gap or overlap).");
                expected = e.End;
            }
            if (expected != data.Length) throw new InvalidDataException($"Tensors cover {expected} bytes but the data section has {data.Length}.");

            var tensors = new List<KeyValuePair<string, WeightTensor>>(entries.Count);
            foreach (var e in entries)
            {
                var bytes = data[(int)e.Begin..(int)e.End];
                tensors.Add(new(e.Name, e.DType == WeightDType.F32
                    ? WeightTensor.Float32(e.Shape, MemoryMarshal.Cast<byte, float>(bytes).ToArray())
                    : WeightTensor.Int64(e.Shape, MemoryMarshal.Cast<byte, long>(bytes).ToArray())));
            }
            var weights = new WeightSet(tensors);
            var metadata = ToMetadata(metaValues);
            if (metadata.PayloadSha256 is { } digest)
            {
                var actual = Convert.ToHexStringLower(SHA256.HashData(data));
                if (!string.Equals(actual, digest, StringComparison.OrdinalIgnoreCase))
                    throw new InvalidDataException($"Payload SHA-256 is {actual} but the metadata says {digest}: the file is corrupt or was altered.");
            }
            return new WeightFile(weights, metadata);
        }
    }

    internal static void WritePayload(WeightSet weights, ByteSink sink)
    {
        foreach (var (_, t) in weights)
        {
            if (t.DType == WeightDType.F32) sink(MemoryMarshal.AsBytes(t.Values.AsSpan()));
            else sink(MemoryMarshal.AsBytes(t.Int64Values.AsSpan()));
        }
    }

    private static byte[] BuildHeader(WeightSet weights, WeightMetadata metadata)
    {
        var meta = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (metadata.Extra is not null)
            foreach (var (k, v) in metadata.Extra) meta[k] = v ?? throw new ArgumentException($"Metadata '{k}' is null.");
        meta[WeightMetadata.ArchitectureKey] = metadata.ArchitectureId ?? "";
        meta[WeightMetadata.VersionKey] = metadata.ModelVersion ?? "";
        meta[WeightMetadata.RoundKey] = metadata.RoundId ?? "";
        meta[WeightMetadata.CreatedByKey] = metadata.CreatedBy ?? "";
        meta[WeightMetadata.PayloadKey] = metadata.PayloadSha256 ?? "";
        meta[WeightMetadata.FormatKey] = WeightMetadata.FormatValue;

        using var ms = new MemoryStream();
        using (var json = new Utf8JsonWriter(ms, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteStartObject(MetadataKey);
            foreach (var (k, v) in meta) json.WriteString(k, v);
            json.WriteEndObject();
            long offset = 0;
            foreach (var (name, t) in weights)
            {
                json.WriteStartObject(name);
                json.WriteString("dtype", t.DType == WeightDType.F32 ? "F32" : "I64");
                json.WriteStartArray("shape");
                foreach (var d in t.Shape) json.WriteNumberValue(d);
                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                offset += t.ElementCount * t.ElementSize;
                json.WriteNumberValue(offset);
                json.WriteEndArray();
                json.WriteEndObject();
            }
            json.WriteEndObject();
        }
        int pad = (int)((8 - ms.Length % 8) % 8);
        for (int i = 0; i < pad; i++) ms.WriteByte((byte)' ');
        return ms.ToArray();
    }

    private static (string Name, WeightDType DType, long[] Shape, long Begin, long End) ParseEntry(JsonProperty prop)
    {
        var name = prop.Name;
        var v = prop.Value;
        if (v.ValueKind != JsonValueKind.Object) throw new InvalidDataException($"Tensor '{name}': header entry is not an object.");
        if (!v.TryGetProperty("dtype", out var dt) || dt.ValueKind != JsonValueKind.String)
            throw new InvalidDataException($"Tensor '{name}': missing dtype.");
        var dtype = dt.GetString() switch
        {
            "F32" => WeightDType.F32,
            "I64" => WeightDType.I64,
            var other => throw new InvalidDataException($"Tensor '{name}': dtype {other} is not supported (only F32 and I64)."),
        };
        if (!v.TryGetProperty("shape", out var sh) || sh.ValueKind != JsonValueKind.Array)
            throw new InvalidDataException($"Tensor '{name}': missing shape.");
        var shape = new long[sh.GetArrayLength()];
        long count = 1;
        int i = 0;
        foreach (var d in sh.EnumerateArray())
        {
            if (d.ValueKind != JsonValueKind.Number || !d.TryGetInt64(out var dim) || dim < 0)
                throw new InvalidDataException($"Tensor '{name}': shape entry {d} is not a non-negative integer.");
            shape[i++] = dim;
            count = checked(count * dim);
        }
        if (!v.TryGetProperty("data_offsets", out var off) || off.ValueKind != JsonValueKind.Array || off.GetArrayLength() != 2)
            throw new InvalidDataException($"Tensor '{name}': data_offsets must be [begin, end].");
        if (!off[0].TryGetInt64(out var begin) || !off[1].TryGetInt64(out var end) || begin < 0 || end < begin)
            throw new InvalidDataException($"Tensor '{name}': data_offsets {off} are not an increasing pair of byte offsets.");
        long size = count * (dtype == WeightDType.F32 ? 4 : 8);
        if (end - begin != size)
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                $"Tensor '{name}': shape [{string.Join(", ", shape)}] of {dtype} needs {size} bytes but data_offsets span {end - begin}."));
        return (name, dtype, shape, begin, end);
    }

    private static WeightMetadata ToMetadata(SortedDictionary<string, string> values)
    {
        string Take(string key)
        {
            if (!values.Remove(key, out var v)) return "";
            return v;
        }
        var arch = Take(WeightMetadata.ArchitectureKey);
        var version = Take(WeightMetadata.VersionKey);
        var round = Take(WeightMetadata.RoundKey);
        var createdBy = Take(WeightMetadata.CreatedByKey);
        var digest = Take(WeightMetadata.PayloadKey);
        values.Remove(WeightMetadata.FormatKey);
        return new WeightMetadata(arch, version, round, createdBy, digest.Length == 0 ? null : digest,
            values.Count == 0 ? null : new Dictionary<string, string>(values, StringComparer.Ordinal));
    }
}
