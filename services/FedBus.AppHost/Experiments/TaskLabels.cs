using FedBus.Imaging.Labels;
using FedBus.Learning.Cases;
using CaseBox = FedBus.Learning.Cases.BoundingBox;

namespace FedBus.AppHost.Experiments;

/// <summary>Labels between the radiologist's form (image grid, any ids) and the model's training label.</summary>
internal static class TaskLabels
{
    /// <summary>
    /// The label as a training pipeline without QC takes it: ids the model cannot hold are clamped into 0…K−1 (for a
    /// 2-class mask that is what reading "any non-zero pixel is the structure" does), boxes are cut to the image and
    /// boxes left without area dropped. Nothing is refused: that is QC's job.
    /// </summary>
    public static CaseLabel ToModel(ImageLabel label, int classes, int size) => label switch
    {
        MaskLabel m => new SegmentationLabel(m.ClassIds.Select(v => (byte)Math.Min(v, classes - 1)).ToArray()),
        ClassIdLabel c => new ClassLabel(Math.Clamp(c.ClassId, 0, classes - 1)),
        BoxesLabel b => new DetectionLabel(b.Boxes
            .Select(x => new CaseBox((float)Math.Clamp(x.X0, 0, size), (float)Math.Clamp(x.Y0, 0, size), (float)Math.Clamp(x.X1, 0, size),
                (float)Math.Clamp(x.Y1, 0, size), Math.Clamp(x.ClassId, 0, classes - 1)))
            .Where(x => x.X1 > x.X0 && x.Y1 > x.Y0)
            .ToArray()),
        _ => throw new ArgumentException($"No training label for {label.GetType().Name}.", nameof(label)),
    };

    public static LabeledCase Case(ExperimentCase c, ImageLabel submitted, int classes) =>
        new(c.CaseId, c.Image, ToModel(submitted, classes, c.Image.Width));

    public static LabeledCase Clean(ExperimentCase c, int classes) => Case(c, c.Truth, classes);
}
