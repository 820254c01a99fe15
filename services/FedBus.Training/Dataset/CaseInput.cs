using FedBus.Learning.Cases;

namespace FedBus.Training.Dataset;

/// <summary>A case as the model trains on it: the letterboxed image and the label in the model's grid.</summary>
public sealed record CaseInput(ImageSlice Image, CaseLabel Label)
{
    /// <summary>Class ids the label holds, sorted (segmentation: pixels of the class; detection: boxes of it).</summary>
    public IReadOnlyList<int> ClassIds() => Label switch
    {
        SegmentationLabel s => s.Mask.Distinct().Where(v => v > 0).Select(v => (int)v).Order().ToArray(),
        ClassLabel c => [c.ClassId],
        DetectionLabel d => d.Boxes.Select(b => b.ClassId).Distinct().Order().ToArray(),
        _ => [],
    };
}
