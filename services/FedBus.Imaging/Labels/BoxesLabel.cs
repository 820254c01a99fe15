namespace FedBus.Imaging.Labels;

/// <summary>Every object in the image, one box each (may be empty).</summary>
public sealed record BoxesLabel(IReadOnlyList<LabelBox> Boxes) : ImageLabel
{
    public bool Equals(BoxesLabel? other) => other is not null && Boxes.SequenceEqual(other.Boxes);

    public override int GetHashCode() => Boxes.Count;
}
