using FedBus.BrainMri;
using FedBus.Imaging.Labels;

namespace FedBus.AppHost.Experiments;

/// <summary>
/// The benchmark's 128² slices at a smaller edge by whole blocks: pixel = block mean, mask = brain in at least half
/// the block, boxes scaled (as tests/FedBus.Learning.Tests does, so the numbers compare).
/// </summary>
internal static class SliceResampler
{
    public static (float[] Image, byte[] Mask, IReadOnlyList<LabelBox> Boxes) Resample(BrainSlice slice, int size)
    {
        const int n = BrainMriDataset.Size;
        int f = n / size;
        if (f * size != n) throw new ArgumentOutOfRangeException(nameof(size), size, $"{n} is not a whole multiple of {size}.");
        var boxes = slice.Boxes.Select(b => new LabelBox((double)b.X0 / f, (double)b.Y0 / f, (double)b.X1 / f, (double)b.Y1 / f, b.ClassId)).ToArray();
        if (f == 1) return (slice.Image, slice.BrainMask, boxes);
        var image = new float[size * size];
        var mask = new byte[size * size];
        int half = (f * f + 1) / 2;
        for (int y = 0; y < size; y++)
            for (int x = 0; x < size; x++)
            {
                float sum = 0;
                int brain = 0;
                for (int dy = 0; dy < f; dy++)
                    for (int dx = 0; dx < f; dx++)
                    {
                        int k = (f * y + dy) * n + f * x + dx;
                        sum += slice.Image[k];
                        brain += slice.BrainMask[k];
                    }
                image[y * size + x] = sum / (f * f);
                mask[y * size + x] = (byte)(brain >= half ? 1 : 0);
            }
        return (image, mask, boxes);
    }
}
