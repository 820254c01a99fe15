using System.Globalization;
using FedBus.Learning.Weights;

namespace FedBus.Aggregation.Strategies;

/// <summary>One named tensor's place in a model: name, element type and shape (no values).</summary>
public sealed class TensorSpec
{
    private readonly long[] shape;

    public TensorSpec(string name, WeightDType dtype, IReadOnlyList<long> shape)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(shape);
        long count = 1;
        foreach (var d in shape)
        {
            if (d < 0) throw new ArgumentException($"Tensor '{name}': shape {Format(shape)} has a negative dimension.", nameof(shape));
            count = checked(count * d);
        }
        if (count > Array.MaxLength)
            throw new ArgumentException($"Tensor '{name}': {count} elements do not fit one array.", nameof(shape));
        Name = name;
        DType = dtype;
        this.shape = [.. shape];
        ElementCount = (int)count;
    }

    public string Name { get; }

    public WeightDType DType { get; }

    public IReadOnlyList<long> Shape => shape;

    public int ElementCount { get; }

    public int ElementSize => DType == WeightDType.F32 ? sizeof(float) : sizeof(long);

    /// <summary>Same dtype and shape (the name is compared by the layout).</summary>
    public bool HasSameLayout(TensorSpec other) =>
        other is not null && DType == other.DType && shape.AsSpan().SequenceEqual(other.shape);

    /// <summary>"F32 [16, 1, 3, 3]".</summary>
    public string Describe() => $"{DType} {Format(shape)}";

    public override string ToString() => $"{Name}: {Describe()}";

    internal static string Format(IReadOnlyList<long> shape) =>
        "[" + string.Join(", ", shape.Select(d => d.ToString(CultureInfo.InvariantCulture))) + "]";
}
