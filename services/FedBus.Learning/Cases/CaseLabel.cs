namespace FedBus.Learning.Cases;

/// <summary>The reference answer of a case: a mask, a class id or a list of boxes.</summary>
public abstract record CaseLabel
{
    /// <summary>The task this label belongs to.</summary>
    public abstract TaskKind Task { get; }

    /// <summary>Throws when the label does not fit the image or the class count.</summary>
    public abstract void Validate(ImageSlice image, int classes);
}
