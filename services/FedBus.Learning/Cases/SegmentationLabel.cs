namespace FedBus.Learning.Cases;

/// <summary>Per-pixel class ids (0 = background), row-major H×W like the image.</summary>
public sealed record SegmentationLabel(byte[] Mask) : CaseLabel
{
    public override TaskKind Task => TaskKind.Segmentation;

    public override void Validate(ImageSlice image, int classes)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (Mask is null || Mask.Length != image.Pixels.Length)
            throw new ArgumentException(
                $"Mask has {Mask?.Length ?? 0} pixels but the image is {image.Height}×{image.Width}.");
        for (int i = 0; i < Mask.Length; i++)
            if (Mask[i] >= classes)
                throw new ArgumentException($"Mask pixel {i} has class {Mask[i]}, but the model has {classes} classes (0..{classes - 1}).");
    }
}
