using FedBus.Learning.Cases;
using static TorchSharp.torch;

namespace FedBus.Learning.Training;

/// <summary>A mini-batch of cases as tensors: raw images N×1×H×W plus the task's targets.</summary>
internal sealed class CaseBatch : IDisposable
{
    public CaseBatch(Tensor images, Tensor? masks, Tensor? classIds, IReadOnlyList<BoundingBox>[]? boxes)
    {
        Images = images;
        Masks = masks;
        ClassIds = classIds;
        Boxes = boxes;
    }

    public Tensor Images { get; }

    /// <summary>Segmentation: N×H×W int64 class ids.</summary>
    public Tensor? Masks { get; }

    /// <summary>Classification: N int64 class ids.</summary>
    public Tensor? ClassIds { get; }

    /// <summary>Detection: boxes per image in pixel coordinates.</summary>
    public IReadOnlyList<BoundingBox>[]? Boxes { get; }

    public int Count => (int)Images.shape[0];
    public int Height => (int)Images.shape[2];
    public int Width => (int)Images.shape[3];

    /// <summary>Stacks cases of one size and one task into tensors.</summary>
    public static CaseBatch From(IReadOnlyList<LabeledCase> cases)
    {
        if (cases.Count == 0) throw new ArgumentException("A batch needs at least one case.", nameof(cases));
        var images = ImageTensors.Stack(cases.Select(c => c.Image).ToList());
        var task = cases[0].Label.Task;
        if (cases.Any(c => c.Label.Task != task))
            throw new ArgumentException($"Cases mix label kinds ({string.Join(", ", cases.Select(c => c.Label.Task).Distinct())}).");
        int h = cases[0].Image.Height, w = cases[0].Image.Width;
        switch (task)
        {
            case TaskKind.Segmentation:
                var masks = new long[cases.Count * h * w];
                for (int i = 0; i < cases.Count; i++)
                {
                    var m = ((SegmentationLabel)cases[i].Label).Mask;
                    for (int k = 0; k < m.Length; k++) masks[i * h * w + k] = m[k];
                }
                return new CaseBatch(images, tensor(masks, [cases.Count, h, w]), null, null);
            case TaskKind.Classification:
                var ids = cases.Select(c => (long)((ClassLabel)c.Label).ClassId).ToArray();
                return new CaseBatch(images, null, tensor(ids), null);
            default:
                return new CaseBatch(images, null, null, cases.Select(c => ((DetectionLabel)c.Label).Boxes).ToArray());
        }
    }

    public void Dispose()
    {
        Images.Dispose();
        Masks?.Dispose();
        ClassIds?.Dispose();
    }
}
