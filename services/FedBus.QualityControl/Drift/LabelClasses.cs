using FedBus.Imaging.Labels;

namespace FedBus.QualityControl.Drift;

/// <summary>
/// The classes a label carries, the unit of the class histograms QC keeps and shares: a mask carries each class that
/// has a pixel, a class label its class, boxes each class with a box. So a histogram cell counts labels, never pixels or
/// boxes, whatever the task.
/// </summary>
public static class LabelClasses
{
    public static IReadOnlyList<int> Of(ImageLabel label) => label switch
    {
        MaskLabel m => m.ClassIds.Distinct().Select(v => (int)v).Order().ToList(),
        ClassIdLabel c => [c.ClassId],
        BoxesLabel b => b.Boxes.Select(x => x.ClassId).Distinct().Order().ToList(),
        _ => [],
    };
}
