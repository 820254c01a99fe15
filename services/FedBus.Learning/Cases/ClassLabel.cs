namespace FedBus.Learning.Cases;

/// <summary>The class of the whole image.</summary>
public sealed record ClassLabel(int ClassId) : CaseLabel
{
    public override TaskKind Task => TaskKind.Classification;

    public override void Validate(ImageSlice image, int classes)
    {
        if (ClassId < 0 || ClassId >= classes)
            throw new ArgumentException($"Class id {ClassId} is outside 0..{classes - 1}.");
    }
}
