namespace FedBus.Imaging.Labels;

/// <summary>The class of the whole image; a prediction also carries its class probabilities.</summary>
public sealed record ClassIdLabel(int ClassId, IReadOnlyList<double>? Probabilities = null) : ImageLabel
{
    public bool Equals(ClassIdLabel? other) =>
        other is not null && ClassId == other.ClassId &&
        (Probabilities ?? []).SequenceEqual(other.Probabilities ?? []);

    public override int GetHashCode() => ClassId;
}
