using FedBus.Contracts;
using FedBus.Imaging.Labels;

namespace FedBus.QualityControl.Rules;

/// <summary>Everything the label rules look at for one submission; labels are in the image's own pixel grid.</summary>
public sealed record LabelUnderReview(
    TaskKind Task,
    LabelSchema Labels,
    int ImageRows,
    int ImageColumns,
    ImageLabel Label,
    ImageLabel? Prefill,
    IReadOnlyList<string> OpenedBecause,
    ReaderHistory History,
    bool StructureExpected = false)
{
    public int ClassCount => Labels.ClassNames.Count;

    /// <summary>The task was opened because the model was in doubt (uncertainty, a QC flag), not as a random audit sample.</summary>
    public bool OpenedForDoubt => OpenedBecause.Any(c => c != QcCodes.AuditSample);
}
