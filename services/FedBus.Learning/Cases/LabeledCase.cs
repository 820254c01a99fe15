namespace FedBus.Learning.Cases;

/// <summary>An accepted case: a stable id (its train/validation bucket derives from it), the image and its label.</summary>
public sealed record LabeledCase
{
    public LabeledCase(string caseId, ImageSlice image, CaseLabel label)
    {
        if (string.IsNullOrWhiteSpace(caseId)) throw new ArgumentException("A case needs a non-empty id.", nameof(caseId));
        CaseId = caseId;
        Image = image ?? throw new ArgumentNullException(nameof(image));
        Label = label ?? throw new ArgumentNullException(nameof(label));
    }

    public string CaseId { get; }
    public ImageSlice Image { get; }
    public CaseLabel Label { get; }
}
