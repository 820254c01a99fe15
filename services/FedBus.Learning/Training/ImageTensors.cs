using FedBus.Learning.Cases;
using static TorchSharp.torch;

namespace FedBus.Learning.Training;

/// <summary>Images ⇄ tensors, and the per-image normalisation every model applies before its network.</summary>
internal static class ImageTensors
{
    /// <summary>N×1×H×W float32 from images that must all share one size.</summary>
    public static Tensor Stack(IReadOnlyList<ImageSlice> images)
    {
        if (images.Count == 0) throw new ArgumentException("No images given.", nameof(images));
        int h = images[0].Height, w = images[0].Width;
        var data = new float[images.Count * h * w];
        for (int i = 0; i < images.Count; i++)
        {
            var img = images[i];
            if (img.Height != h || img.Width != w)
                throw new ArgumentException($"Images in one batch must share a size: image 0 is {h}×{w}, image {i} is {img.Height}×{img.Width}.");
            img.Pixels.CopyTo(data, i * h * w);
        }
        return tensor(data, [images.Count, 1, h, w]);
    }

    /// <summary>
    /// Per-image z-score (mean 0, std 1). Part of every model (training and inference alike) so that
    /// sites with different intensity scales meet the network on the same footing.
    /// </summary>
    public static Tensor Normalize(Tensor images)
    {
        using var mean = images.mean([1, 2, 3], keepdim: true);
        using var std = images.std([1, 2, 3], keepdim: true);
        using var safe = std.clamp_min(1e-6);
        using var centred = images.sub(mean);
        return centred.div(safe);
    }
}
