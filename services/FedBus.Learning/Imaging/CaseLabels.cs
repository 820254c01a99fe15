using FedBus.Imaging.Geometry;
using FedBus.Imaging.Labels;
using FedBus.Learning.Cases;
using FedBus.Learning.Predictions;

namespace FedBus.Learning.Imaging;

/// <summary>
/// Between the image's grid (where radiologists label and predictions are shown) and the model's grid (where it
/// trains and predicts): labels go in through the letterbox, predictions come back out.
/// </summary>
public static class CaseLabels
{
    /// <summary>A label in the image's grid as the model's training label.</summary>
    public static CaseLabel ToModel(ImageLabel label, Letterbox geometry) => label switch
    {
        MaskLabel m => new SegmentationLabel(geometry.MaskToModel(m)),
        ClassIdLabel c => new ClassLabel(c.ClassId),
        BoxesLabel b => new DetectionLabel(b.Boxes.Select(x =>
        {
            var m = geometry.BoxToModel(x);
            return new BoundingBox((float)m.X0, (float)m.Y0, (float)m.X1, (float)m.Y1, m.ClassId);
        }).ToArray()),
        _ => throw new ArgumentException($"No model label for {label.GetType().Name}.", nameof(label)),
    };

    /// <summary>A prediction in the model's grid as a label in the image's grid (the pre-annotation).</summary>
    public static ImageLabel ToImage(CasePrediction prediction, Letterbox geometry) => prediction switch
    {
        SegmentationPrediction s => geometry.MaskToImage(s.Mask),
        ClassificationPrediction c => new ClassIdLabel(c.ClassId, c.Probabilities.Select(p => (double)p).ToArray()),
        DetectionPrediction d => new BoxesLabel(d.Detections
            .Select(x => geometry.BoxToImage(new LabelBox(x.Box.X0, x.Box.Y0, x.Box.X1, x.Box.Y1, x.Box.ClassId, x.Score)))
            .Where(b => b.Area > 0)
            .ToArray()),
        _ => throw new ArgumentException($"No image label for {prediction.GetType().Name}.", nameof(prediction)),
    };
}
