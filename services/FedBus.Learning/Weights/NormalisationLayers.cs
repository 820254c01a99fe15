namespace FedBus.Learning.Weights;

/// <summary>
/// FedBN: finds the normalisation layers of a model by its tensor names and shapes — one rule for the hub (which keeps
/// them out of the aggregate) and the sites (which keep their own copies). A layer is the name up to the last dot
/// (<c>encoders.0.norm1</c> of <c>encoders.0.norm1.weight</c>); it is a normalisation layer when
/// <list type="number">
/// <item>it has running statistics (<c>running_mean</c>, <c>running_var</c>, <c>num_batches_tracked</c>: BatchNorm,
/// InstanceNorm with tracking), or</item>
/// <item>its own name says so: contains <c>norm</c> (<c>norm1</c>, <c>stem_norm</c>, <c>layernorm</c>) or is, between
/// underscores, <c>bn</c>/<c>gn</c>/<c>ln</c> with optional digits (<c>bn1</c>, <c>conv_bn</c>), or</item>
/// <item>it holds only <c>weight</c> (and <c>bias</c>) and its weight is a vector: the affine scale of a norm (convolution
/// and linear weights are matrices or more) — this catches an anonymous GroupNorm such as <c>stages.1.shortcut.1</c>.
/// A PReLU's vector weight would be caught too.</item>
/// </list>
/// Every tensor of such a layer stays local.
/// </summary>
public static class NormalisationLayers
{
    private static readonly HashSet<string> RunningStatistics = new(StringComparer.Ordinal) { "running_mean", "running_var", "num_batches_tracked" };

    /// <summary>The names of every tensor of a normalisation layer, given each tensor's name, element type and rank.</summary>
    public static IReadOnlySet<string> Find(IEnumerable<(string Name, WeightDType DType, int Rank)> tensors)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var layer in tensors.GroupBy(t => Layer(t.Name), StringComparer.Ordinal))
        {
            if (IsNormalisation(layer.Key, [.. layer]))
                foreach (var t in layer) names.Add(t.Name);
        }
        return names;
    }

    public static IReadOnlySet<string> Find(WeightSet weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        return Find(weights.Select(kv => (kv.Key, kv.Value.DType, kv.Value.Shape.Count)));
    }

    /// <summary>The global weights with every normalisation tensor replaced by the site's own (same layout required).</summary>
    public static WeightSet KeepLocal(WeightSet global, WeightSet local)
    {
        ArgumentNullException.ThrowIfNull(global);
        ArgumentNullException.ThrowIfNull(local);
        if (!global.HasSameLayout(local)) throw new ArgumentException("The site's last local model has another layout than the global model.", nameof(local));
        var norms = Find(global);
        return new WeightSet(global.Select(kv => norms.Contains(kv.Key) ? new KeyValuePair<string, WeightTensor>(kv.Key, local[kv.Key]) : kv));
    }

    private static bool IsNormalisation(string layer, IReadOnlyList<(string Name, WeightDType DType, int Rank)> tensors)
    {
        if (tensors.Any(t => RunningStatistics.Contains(Leaf(t.Name)))) return true;
        if (NameSaysNorm(layer[(layer.LastIndexOf('.') + 1)..])) return true;
        var weight = tensors.FirstOrDefault(t => Leaf(t.Name) == "weight");
        return weight.Name is not null && weight.DType == WeightDType.F32 && weight.Rank == 1 &&
               tensors.All(t => Leaf(t.Name) is "weight" or "bias");
    }

    private static bool NameSaysNorm(string segment)
    {
        var s = segment.ToLowerInvariant();
        if (s.Contains("norm", StringComparison.Ordinal)) return true;
        foreach (var token in s.Split('_'))
        {
            if (token.Length < 2) continue;
            if (token[..2] is "bn" or "gn" or "ln" && token.AsSpan(2).IndexOfAnyExceptInRange('0', '9') < 0) return true;
        }
        return false;
    }

    private static string Layer(string name)
    {
        var dot = name.LastIndexOf('.');
        return dot < 0 ? "" : name[..dot];
    }

    private static string Leaf(string name) => name[(name.LastIndexOf('.') + 1)..];
}
