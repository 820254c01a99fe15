using FedBus.BrainMri;
using FedBus.BrainMri.Cases;
using FedBus.Imaging.Geometry;
using FedBus.Imaging.Labels;
using FedBus.Learning;
using FedBus.Learning.Cases;
using BoundingBox = FedBus.Learning.Cases.BoundingBox;

namespace FedBus.Triage.Bench;

/// <summary>Benchmark slices in the model's grid: letterboxed from 128² exactly as inference does (2×2 means at 64²).</summary>
internal sealed class BenchData(int size)
{
    private readonly Letterbox box = new(BrainMriDataset.Size, BrainMriDataset.Size, size);

    public int Size => size;

    public float[] ToModel(float[] image) => box.ImageToModel(image, 0);

    /// <summary>The slice's label for <paramref name="task"/> in the model grid, with <paramref name="modelImage"/> as its image.</summary>
    public LabeledCase Case(TaskKind task, BrainSlice slice, float[] modelImage)
    {
        var full = BrainMriCases.For(task, slice);
        CaseLabel label = full.Label switch
        {
            SegmentationLabel m => new SegmentationLabel(box.MaskToModel(new MaskLabel(BrainMriDataset.Size, BrainMriDataset.Size, m.Mask))),
            DetectionLabel d => new DetectionLabel(d.Boxes.Select(b =>
            {
                var t = box.BoxToModel(new LabelBox(b.X0, b.Y0, b.X1, b.Y1, b.ClassId));
                return new BoundingBox((float)t.X0, (float)t.Y0, (float)t.X1, (float)t.Y1, t.ClassId);
            }).ToArray()),
            var other => other,
        };
        return new LabeledCase(slice.CaseId, new ImageSlice(size, size, modelImage), label);
    }
}
