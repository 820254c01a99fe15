using FedBus.Learning.Weights;

namespace FedBus.Training.Models;

/// <summary>
/// FedBN at the site: which tensors of a model belong to normalisation layers, by the same rule as the hub's aggregation
/// (a layer with running statistics, a layer named like a norm — "norm", "bn1", "gn" —, or a layer holding only a vector
/// weight and a bias), and the merge that keeps the site's own copies of them.
/// </summary>
public static class NormalisationLayers
{
    private static readonly HashSet<string> RunningStatistics = new(StringComparer.Ordinal) { "running_mean", "running_var", "num_batches_tracked" };

    public static IReadOnlySet<string> Find(WeightSet weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var layer in weights.GroupBy(t => Layer(t.Key), StringComparer.Ordinal))
        {
            if (IsNormalisation(layer.Key, [.. layer]))
                foreach (var t in layer) names.Add(t.Key);
        }
        return names;
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

    private static bool IsNormalisation(string layer, IReadOnlyList<KeyValuePair<string, WeightTensor>> tensors)
    {
        if (tensors.Any(t => RunningStatistics.Contains(Leaf(t.Key)))) return true;
        if (NameSaysNorm(layer[(layer.LastIndexOf('.') + 1)..])) return true;
        var weight = tensors.FirstOrDefault(t => Leaf(t.Key) == "weight");
        return weight.Value is { DType: WeightDType.F32, Shape.Count: 1 } && tensors.All(t => Leaf(t.Key) is "weight" or "bias");
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
