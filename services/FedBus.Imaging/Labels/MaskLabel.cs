namespace FedBus.Imaging.Labels;

/// <summary>Per-pixel class ids, row-major <see cref="Height"/>×<see cref="Width"/> (0 = background).</summary>
public sealed record MaskLabel : ImageLabel
{
    public MaskLabel(int height, int width, byte[] classIds)
    {
        ArgumentNullException.ThrowIfNull(classIds);
        if (height <= 0 || width <= 0) throw new ArgumentOutOfRangeException(nameof(height), $"Mask size must be positive, got {height}×{width}.");
        if (classIds.Length != (long)height * width)
            throw new ArgumentException($"{classIds.Length} class ids given for a {height}×{width} mask.", nameof(classIds));
        Height = height;
        Width = width;
        ClassIds = classIds;
    }

    public int Height { get; }
    public int Width { get; }
    public byte[] ClassIds { get; }

    public int CountOf(int classId) => ClassIds.Count(v => v == classId);

    public bool Equals(MaskLabel? other) =>
        other is not null && Height == other.Height && Width == other.Width && ClassIds.AsSpan().SequenceEqual(other.ClassIds);

    public override int GetHashCode() => HashCode.Combine(Height, Width, ClassIds.Length);
}
