using FedBus.Contracts;
using FedBus.Imaging.Labels;

namespace FedBus.QualityControl.Rules;

/// <summary>A segmentation task takes a mask, classification one class, detection boxes.</summary>
public sealed class LabelKindRule : ILabelRule
{
    public IEnumerable<QcFinding> Check(LabelUnderReview review)
    {
        var fits = review.Task switch
        {
            TaskKind.Segmentation => review.Label is MaskLabel,
            TaskKind.Classification => review.Label is ClassIdLabel,
            TaskKind.Detection => review.Label is BoxesLabel,
            _ => false,
        };
        if (!fits)
            yield return QcFinding.Error(QcCodes.LabelKindMismatch,
                $"This is a {Describe(review.Task)} task, but the label is {Describe(review.Label)}. Submit {Describe(review.Task)} label instead.");
    }

    internal static string Describe(TaskKind task) => task switch
    {
        TaskKind.Segmentation => "segmentation (a mask)",
        TaskKind.Classification => "classification (one class for the image)",
        TaskKind.Detection => "detection (boxes)",
        _ => task.ToString(),
    };

    private static string Describe(ImageLabel label) => label switch
    {
        MaskLabel => "a mask",
        ClassIdLabel => "a single class",
        BoxesLabel => "a list of boxes",
        _ => label.GetType().Name,
    };
}
