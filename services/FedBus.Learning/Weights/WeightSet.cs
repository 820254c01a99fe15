using System.Collections;
using System.Security.Cryptography;

namespace FedBus.Learning.Weights;

/// <summary>
/// A model's weights as name → tensor, sorted by ordinal name. This is the pure-array form that
/// aggregation strategies work on without TorchSharp: average the <see cref="WeightDType.F32"/> entries;
/// <see cref="WeightDType.I64"/> entries are BatchNorm step counters (not weights; keep any one, e.g. the max).
/// </summary>
public sealed class WeightSet : IReadOnlyDictionary<string, WeightTensor>
{
    private readonly SortedDictionary<string, WeightTensor> tensors = new(StringComparer.Ordinal);

    public WeightSet(IEnumerable<KeyValuePair<string, WeightTensor>> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        foreach (var (name, t) in entries)
        {
            if (string.IsNullOrEmpty(name)) throw new ArgumentException("A weight needs a non-empty name.", nameof(entries));
            if (name == SafeTensors.MetadataKey) throw new ArgumentException($"'{name}' is reserved for file metadata.", nameof(entries));
            ArgumentNullException.ThrowIfNull(t, name);
            if (!tensors.TryAdd(name, t)) throw new ArgumentException($"Weight '{name}' appears twice.", nameof(entries));
        }
    }

    public WeightTensor this[string key] => tensors.TryGetValue(key, out var t)
        ? t
        : throw new KeyNotFoundException($"No weight named '{key}'.");

    public IEnumerable<string> Keys => tensors.Keys;
    public IEnumerable<WeightTensor> Values => tensors.Values;
    public int Count => tensors.Count;

    /// <summary>Number of float32 values (what an update carries).</summary>
    public long FloatCount => tensors.Values.Where(t => t.DType == WeightDType.F32).Sum(t => t.ElementCount);

    public bool ContainsKey(string key) => tensors.ContainsKey(key);

    public bool TryGetValue(string key, out WeightTensor value) => tensors.TryGetValue(key, out value!);

    public IEnumerator<KeyValuePair<string, WeightTensor>> GetEnumerator() => tensors.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Same names with the same dtype and shape each (what averaging requires).</summary>
    public bool HasSameLayout(WeightSet other) =>
        other is not null && other.Count == Count &&
        tensors.All(kv => other.tensors.TryGetValue(kv.Key, out var o) && kv.Value.HasSameLayout(o));

    /// <summary>Lower-case hex SHA-256 of the tensor payload exactly as a safetensors file stores it.</summary>
    public string PayloadSha256()
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        SafeTensors.WritePayload(this, bytes => sha.AppendData(bytes));
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    /// <summary>Bit-exact equality of names, layouts and values.</summary>
    public bool ContentEquals(WeightSet other)
    {
        if (!HasSameLayout(other)) return false;
        foreach (var (name, t) in tensors)
        {
            var o = other.tensors[name];
            bool same = t.DType == WeightDType.F32
                ? System.Runtime.InteropServices.MemoryMarshal.AsBytes(t.Values.AsSpan()).SequenceEqual(System.Runtime.InteropServices.MemoryMarshal.AsBytes(o.Values.AsSpan()))
                : t.Int64Values.AsSpan().SequenceEqual(o.Int64Values);
            if (!same) return false;
        }
        return true;
    }
}
