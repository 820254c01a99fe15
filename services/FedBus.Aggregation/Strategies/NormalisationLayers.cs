using FedBus.Learning.Weights;

namespace FedBus.Aggregation.Strategies;

/// <summary>
/// Finds the normalisation layers of a model by its tensor names and shapes, for FedBN. A layer is the name up to the
/// last dot (<c>encoders.0.norm1</c> of <c>encoders.0.norm1.weight</c>); it is a normalisation layer when
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

    public static IReadOnlySet<string> Find(ModelLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        var byLayer = layout.Tensors.GroupBy(t => Layer(t.Name), StringComparer.Ordinal);
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var layer in byLayer)
        {
            if (IsNormalisation(layer.Key, [.. layer]))
                foreach (var t in layer) names.Add(t.Name);
        }
        return names;
    }

    private static bool IsNormalisation(string layer, IReadOnlyList<TensorSpec> tensors)
    {
        if (tensors.Any(t => RunningStatistics.Contains(Leaf(t.Name)))) return true;
        if (NameSaysNorm(LastSegment(layer))) return true;
        var weight = tensors.FirstOrDefault(t => Leaf(t.Name) == "weight");
        return weight is not null && weight.DType == WeightDType.F32 && weight.Shape.Count == 1 &&
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
        int dot = name.LastIndexOf('.');
        return dot < 0 ? "" : name[..dot];
    }

    private static string Leaf(string name) => name[(name.LastIndexOf('.') + 1)..];

    private static string LastSegment(string layer) => layer[(layer.LastIndexOf('.') + 1)..];
}
