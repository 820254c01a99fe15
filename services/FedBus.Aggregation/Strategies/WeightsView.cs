using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text.Json;
using FedBus.Learning.Weights;

namespace FedBus.Aggregation.Strategies;

/// <summary>
/// Read-only weights over memory someone else owns: a safetensors file's bytes as received (no copy — the tensors are
/// spans into them) or a <see cref="WeightSet"/>'s arrays. This is what the strategies read; keep the bytes alive and
/// unchanged while the view is in use.
/// </summary>
public sealed class WeightsView
{
    private const string PayloadDigestKey = "payload_sha256";
    private const long MaxHeaderBytes = 100L * 1024 * 1024;

    private readonly ReadOnlyMemory<byte>[] bytes;
    private readonly Array?[] arrays;

    private WeightsView(ModelLayout layout, ReadOnlyMemory<byte>[] bytes, Array?[] arrays, IReadOnlyDictionary<string, string> metadata)
    {
        Layout = layout;
        this.bytes = bytes;
        this.arrays = arrays;
        Metadata = metadata;
    }

    public ModelLayout Layout { get; }

    /// <summary>The file's <c>__metadata__</c> strings (empty for a view over arrays).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>The float32 values of tensor <paramref name="index"/> (of <see cref="Layout"/>).</summary>
    public ReadOnlySpan<float> Floats(int index) =>
        arrays[index] is float[] f ? f : MemoryMarshal.Cast<byte, float>(bytes[index].Span);

    /// <summary>The int64 values of tensor <paramref name="index"/>.</summary>
    public ReadOnlySpan<long> Int64s(int index) =>
        arrays[index] is long[] l ? l : MemoryMarshal.Cast<byte, long>(bytes[index].Span);

    public ReadOnlySpan<float> Floats(string name) => Floats(IndexOrThrow(name));

    public ReadOnlySpan<long> Int64s(string name) => Int64s(IndexOrThrow(name));

    /// <summary>A view over a weight set's arrays (no copy).</summary>
    public static WeightsView Of(WeightSet weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        var layout = ModelLayout.Of(weights);
        var arrays = new Array?[layout.Count];
        for (int i = 0; i < layout.Count; i++)
        {
            var t = weights[layout[i].Name];
            arrays[i] = t.DType == WeightDType.F32 ? t.Values : t.Int64Values;
        }
        return new WeightsView(layout, new ReadOnlyMemory<byte>[layout.Count], arrays, new Dictionary<string, string>());
    }

    /// <summary>
    /// The tensors whose names pass <paramref name="include"/>, over the same memory (no copy) — e.g. a model's own
    /// tensors without the image profile the service pools apart.
    /// </summary>
    public WeightsView Select(Func<string, bool> include)
    {
        ArgumentNullException.ThrowIfNull(include);
        var keep = Enumerable.Range(0, Layout.Count).Where(i => include(Layout[i].Name)).ToArray();
        if (keep.Length == Layout.Count) return this;
        // A subset of an ordinally sorted layout stays in the same order, so index j of the new layout is keep[j].
        return new WeightsView(new ModelLayout(keep.Select(i => Layout[i])), [.. keep.Select(i => bytes[i])], [.. keep.Select(i => arrays[i])], Metadata);
    }

    internal static WeightsView OverArrays(ModelLayout layout, Array?[] arrays) =>
        new(layout, new ReadOnlyMemory<byte>[layout.Count], arrays, new Dictionary<string, string>());

    /// <summary>
    /// Parses a safetensors file in place: the header is read, every offset checked against the buffer, and the tensors
    /// become spans into <paramref name="file"/>. When the metadata carries <c>payload_sha256</c> (FedBus' writer puts
    /// it there) and <paramref name="verifyDigest"/> is true, the payload is hashed and compared. Throws
    /// <see cref="InvalidDataException"/> naming what is wrong. Only F32 and I64 tensors are accepted.
    /// </summary>
    public static WeightsView FromSafeTensors(ReadOnlyMemory<byte> file, bool verifyDigest = true)
    {
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("safetensors payloads are little-endian.");
        var span = file.Span;
        if (span.Length < 8) throw new InvalidDataException($"Not a safetensors file: {span.Length} bytes, the header length alone needs 8.");
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(span);
        if (headerLength > MaxHeaderBytes || headerLength > (ulong)(span.Length - 8))
            throw new InvalidDataException($"safetensors header length {headerLength} does not fit a {span.Length}-byte file.");
        var data = file[(8 + (int)headerLength)..];

        JsonDocument doc;
        try { doc = JsonDocument.Parse(file.Slice(8, (int)headerLength)); }
        catch (JsonException e) { throw new InvalidDataException($"safetensors header is not valid JSON: {e.Message}", e); }
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object) throw new InvalidDataException("safetensors header is not a JSON object.");
            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            var entries = new List<(TensorSpec Spec, long Begin, long End)>();
            foreach (var prop in doc.RootElement.EnumerateObject())
            {
                if (prop.Name == SafeTensors.MetadataKey)
                {
                    if (prop.Value.ValueKind != JsonValueKind.Object) throw new InvalidDataException("__metadata__ must be an object of strings.");
                    foreach (var m in prop.Value.EnumerateObject())
                        metadata[m.Name] = m.Value.ValueKind == JsonValueKind.String
                            ? m.Value.GetString()!
                            : throw new InvalidDataException($"__metadata__ entry '{m.Name}' is not a string.");
                    continue;
                }
                entries.Add(ParseEntry(prop));
            }

            // Offsets must tile the data section exactly, as the format requires.
            long expected = 0;
            foreach (var e in entries.OrderBy(e => e.Begin).ThenBy(e => e.End))
            {
                if (e.Begin != expected) throw new InvalidDataException($"Tensor '{e.Spec.Name}' starts at byte {e.Begin} of the data section; expected {expected} (gap or overlap).");
                expected = e.End;
            }
            if (expected != data.Length) throw new InvalidDataException($"Tensors cover {expected} bytes but the data section has {data.Length}.");

            ModelLayout layout;
            try { layout = new ModelLayout(entries.Select(e => e.Spec)); }
            catch (ArgumentException e) { throw new InvalidDataException(e.Message, e); }
            var slices = new ReadOnlyMemory<byte>[layout.Count];
            foreach (var e in entries) slices[layout.IndexOf(e.Spec.Name)] = data[(int)e.Begin..(int)e.End];

            if (verifyDigest && metadata.TryGetValue(PayloadDigestKey, out var digest) && digest.Length > 0)
            {
                var actual = Convert.ToHexStringLower(SHA256.HashData(data.Span));
                if (!string.Equals(actual, digest, StringComparison.OrdinalIgnoreCase))
                    throw new InvalidDataException($"Payload SHA-256 is {actual} but the metadata says {digest}: the file is corrupt or was altered.");
            }
            return new WeightsView(layout, slices, new Array?[layout.Count], metadata);
        }
    }

    /// <summary>A copy as a <see cref="WeightSet"/> (for writing with <see cref="SafeTensors"/>).</summary>
    public WeightSet ToWeightSet() =>
        new(Layout.Tensors.Select((t, i) => new KeyValuePair<string, WeightTensor>(t.Name, t.DType == WeightDType.F32
            ? WeightTensor.Float32([.. t.Shape], Floats(i).ToArray())
            : WeightTensor.Int64([.. t.Shape], Int64s(i).ToArray()))));

    private int IndexOrThrow(string name)
    {
        int i = Layout.IndexOf(name);
        return i >= 0 ? i : throw new KeyNotFoundException($"No tensor named '{name}'.");
    }

    private static (TensorSpec Spec, long Begin, long End) ParseEntry(JsonProperty prop)
    {
        var name = prop.Name;
        var v = prop.Value;
        if (name.Length == 0) throw new InvalidDataException("A tensor has an empty name.");
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
        var shape = new List<long>(sh.GetArrayLength());
        foreach (var d in sh.EnumerateArray())
        {
            if (d.ValueKind != JsonValueKind.Number || !d.TryGetInt64(out var dim) || dim < 0)
                throw new InvalidDataException($"Tensor '{name}': shape entry {d} is not a non-negative integer.");
            shape.Add(dim);
        }
        TensorSpec spec;
        try { spec = new TensorSpec(name, dtype, shape); }
        catch (Exception e) when (e is ArgumentException or OverflowException) { throw new InvalidDataException(e.Message, e); }
        if (!v.TryGetProperty("data_offsets", out var off) || off.ValueKind != JsonValueKind.Array || off.GetArrayLength() != 2)
            throw new InvalidDataException($"Tensor '{name}': data_offsets must be [begin, end].");
        if (off[0].ValueKind != JsonValueKind.Number || off[1].ValueKind != JsonValueKind.Number ||
            !off[0].TryGetInt64(out var begin) || !off[1].TryGetInt64(out var end) || begin < 0 || end < begin)
            throw new InvalidDataException($"Tensor '{name}': data_offsets {off} are not an increasing pair of byte offsets.");
        long size = (long)spec.ElementCount * spec.ElementSize;
        if (end - begin != size)
            throw new InvalidDataException($"Tensor '{name}': shape {TensorSpec.Format(shape)} of {dtype} needs {size} bytes but data_offsets span {end - begin}.");
        return (spec, begin, end);
    }
}
