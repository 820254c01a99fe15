using FedBus.Learning;
using FedBus.Learning.Cases;
using CaseBox = FedBus.Learning.Cases.BoundingBox;

namespace FedBus.BrainMri.Cases;

/// <summary>Maps the benchmark's <see cref="BrainSlice"/> (neutral arrays) onto training cases of each task.</summary>
public static class BrainMriCases
{
    /// <summary>Brain extraction: image → brain mask (classes 0 = not brain, 1 = brain).</summary>
    public static LabeledCase ForSegmentation(BrainSlice slice) =>
        new(Id(slice), Image(slice), new SegmentationLabel(slice.BrainMask));

    /// <summary>Slice level (4 classes, see the dataset's class names).</summary>
    public static LabeledCase ForClassification(BrainSlice slice) =>
        new(Id(slice), Image(slice), new ClassLabel(slice.ClassLabel));

    /// <summary>Boxes around cerebellum, thalamus and basal ganglia (3 classes).</summary>
    public static LabeledCase ForDetection(BrainSlice slice) =>
        new(Id(slice), Image(slice), new DetectionLabel(
            slice.Boxes.Select(b => new CaseBox(b.X0, b.Y0, b.X1, b.Y1, b.ClassId)).ToArray()));

    public static LabeledCase For(TaskKind task, BrainSlice slice) => task switch
    {
        TaskKind.Segmentation => ForSegmentation(slice),
        TaskKind.Classification => ForClassification(slice),
        TaskKind.Detection => ForDetection(slice),
        _ => throw new ArgumentOutOfRangeException(nameof(task), task, "Unknown task."),
    };

    public static IReadOnlyList<LabeledCase> For(TaskKind task, IEnumerable<BrainSlice> slices) =>
        slices.Select(s => For(task, s)).ToList();

    private static ImageSlice Image(BrainSlice slice)
    {
        ArgumentNullException.ThrowIfNull(slice);
        return new ImageSlice(BrainMriDataset.Size, BrainMriDataset.Size, slice.Image);
    }

    // A shifted rendering is a different image of the same position: keep ids distinct.
    private static string Id(BrainSlice slice) =>
        slice.Shift == ScannerProfiles.Clean.Name ? slice.CaseId : $"{slice.CaseId}@{slice.Shift}";
}
