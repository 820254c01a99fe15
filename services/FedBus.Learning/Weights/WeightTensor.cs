namespace FedBus.Learning.Weights;

/// <summary>One named tensor as plain arrays: a shape and float32 (or int64) values in row-major order.</summary>
public sealed class WeightTensor
{
    private readonly long[] shape;
    private readonly float[]? floats;
    private readonly long[]? longs;

    private WeightTensor(WeightDType dtype, long[] shape, float[]? floats, long[]? longs)
    {
        ArgumentNullException.ThrowIfNull(shape);
        long count = 1;
        foreach (var d in shape)
        {
            if (d < 0) throw new ArgumentException($"Shape [{string.Join(", ", shape)}] has a negative dimension.", nameof(shape));
            count = checked(count * d);
        }
        long actual = floats?.LongLength ?? longs!.LongLength;
        if (actual != count)
            throw new ArgumentException($"Shape [{string.Join(", ", shape)}] needs {count} values, got {actual}.");
        DType = dtype;
        this.shape = (long[])shape.Clone();
        this.floats = floats;
        this.longs = longs;
    }

    public static WeightTensor Float32(long[] shape, float[] values) =>
        new(WeightDType.F32, shape, values ?? throw new ArgumentNullException(nameof(values)), null);

    public static WeightTensor Int64(long[] shape, long[] values) =>
        new(WeightDType.I64, shape, null, values ?? throw new ArgumentNullException(nameof(values)));

    public WeightDType DType { get; }

    public IReadOnlyList<long> Shape => shape;

    public long ElementCount => floats?.LongLength ?? longs!.LongLength;

    /// <summary>float32 values (shared, not copied: treat as read-only).</summary>
    public float[] Values => floats ?? throw new InvalidOperationException($"Tensor is {DType}, not F32.");

    /// <summary>int64 values (shared, not copied).</summary>
    public long[] Int64Values => longs ?? throw new InvalidOperationException($"Tensor is {DType}, not I64.");

    internal long[] ShapeArray => shape;

    /// <summary>Same dtype and shape.</summary>
    public bool HasSameLayout(WeightTensor other) =>
        other is not null && DType == other.DType && shape.AsSpan().SequenceEqual(other.shape);

    internal int ElementSize => DType == WeightDType.F32 ? 4 : 8;
}
