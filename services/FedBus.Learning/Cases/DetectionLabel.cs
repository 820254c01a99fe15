namespace FedBus.Learning.Cases;

/// <summary>Every object in the image, one box each (may be empty).</summary>
public sealed record DetectionLabel(IReadOnlyList<BoundingBox> Boxes) : CaseLabel
{
    public override TaskKind Task => TaskKind.Detection;

    public override void Validate(ImageSlice image, int classes)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (Boxes is null) throw new ArgumentException("Detection label has no box list.");
        foreach (var b in Boxes)
        {
            if (!(b.X1 > b.X0 && b.Y1 > b.Y0) || !float.IsFinite(b.X0) || !float.IsFinite(b.Y0) || !float.IsFinite(b.X1) || !float.IsFinite(b.Y1))
                throw new ArgumentException($"Box {b} is empty or not finite.");
            if (b.X0 < 0 || b.Y0 < 0 || b.X1 > image.Width || b.Y1 > image.Height)
                throw new ArgumentException($"Box {b} lies outside the {image.Height}×{image.Width} image.");
            if (b.ClassId < 0 || b.ClassId >= classes)
                throw new ArgumentException($"Box class {b.ClassId} is outside 0..{classes - 1}.");
        }
    }
}
