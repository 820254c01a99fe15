using FedBus.Learning.Weights;

namespace FedBus.Aggregation.Strategies;

/// <summary>
/// A model's architecture as aggregation sees it: its tensors (name, dtype, shape) in ordinal name order.
/// Two weight sets can be aggregated only if their layouts <see cref="Matches"/>; index <c>i</c> then names the same
/// tensor in both, which is how the kernels address tensors.
/// </summary>
public sealed class ModelLayout
{
    private readonly TensorSpec[] tensors;
    private readonly Dictionary<string, int> indexByName;

    public ModelLayout(IEnumerable<TensorSpec> tensors)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        this.tensors = [.. tensors.OrderBy(t => t.Name, StringComparer.Ordinal)];
        indexByName = new Dictionary<string, int>(this.tensors.Length, StringComparer.Ordinal);
        for (int i = 0; i < this.tensors.Length; i++)
            if (!indexByName.TryAdd(this.tensors[i].Name, i))
                throw new ArgumentException($"Tensor '{this.tensors[i].Name}' appears twice.", nameof(tensors));
        FloatCount = this.tensors.Where(t => t.DType == WeightDType.F32).Sum(t => (long)t.ElementCount);
    }

    public static ModelLayout Of(WeightSet weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        return new ModelLayout(weights.Select(kv => new TensorSpec(kv.Key, kv.Value.DType, kv.Value.Shape)));
    }

    public IReadOnlyList<TensorSpec> Tensors => tensors;

    public int Count => tensors.Length;

    /// <summary>Number of float32 values (the part that is aggregated).</summary>
    public long FloatCount { get; }

    public TensorSpec this[int index] => tensors[index];

    /// <summary>Index of the tensor named <paramref name="name"/>, or -1.</summary>
    public int IndexOf(string name) => indexByName.TryGetValue(name, out var i) ? i : -1;

    /// <summary>Same names, each with the same dtype and shape.</summary>
    public bool Matches(ModelLayout other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (ReferenceEquals(this, other)) return true;
        if (other.tensors.Length != tensors.Length) return false;
        for (int i = 0; i < tensors.Length; i++)
            if (tensors[i].Name != other.tensors[i].Name || !tensors[i].HasSameLayout(other.tensors[i])) return false;
        return true;
    }

    /// <summary>
    /// How <paramref name="other"/> differs from this (expected) layout, one readable line per difference, at most
    /// <paramref name="limit"/> lines plus a count of the rest. Empty when the layouts match.
    /// </summary>
    public IReadOnlyList<string> Differences(ModelLayout other, int limit = 10)
    {
        ArgumentNullException.ThrowIfNull(other);
        var lines = new List<string>();
        foreach (var t in tensors)
        {
            int j = other.IndexOf(t.Name);
            if (j < 0) lines.Add($"missing '{t.Name}' ({t.Describe()})");
            else if (!t.HasSameLayout(other.tensors[j])) lines.Add($"'{t.Name}' is {other.tensors[j].Describe()}, expected {t.Describe()}");
        }
        foreach (var t in other.tensors)
            if (IndexOf(t.Name) < 0) lines.Add($"unexpected '{t.Name}' ({t.Describe()})");
        if (lines.Count <= limit) return lines;
        int rest = lines.Count - limit;
        lines.RemoveRange(limit, rest);
        lines.Add($"and {rest} more");
        return lines;
    }
}
