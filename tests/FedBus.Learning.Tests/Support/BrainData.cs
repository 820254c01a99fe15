using FedBus.BrainMri;
using FedBus.Learning.Cases;

namespace FedBus.Learning.Tests.Support;

/// <summary>
/// The committed brain MRI benchmark at 64×64 (2×2 block means; mask = brain in ≥ half the block) for
/// the training tests: a quarter of the pixels keeps the suite within its time budget and, as measured
/// (docs/learning.md), does not change the conclusions. Scanner profiles are applied after
/// down-sampling so their noise keeps its strength.
/// </summary>
internal static class BrainData
{
    public const int Size = 64;

    public static BrainMriDataset Dataset => BrainMriDataset.Shared;

    public static IReadOnlyList<LabeledCase> Segmentation(IEnumerable<BrainSlice> slices, ScannerProfile? profile = null, int seed = 0) =>
        slices.Select(s =>
        {
            var (image, mask) = Downsample(s);
            string id = s.CaseId;
            if (profile is not null && !profile.IsIdentity)
            {
                image = profile.Apply(image, Size, Size, DeterministicRandom.Derive(seed, profile.Name + "|" + s.CaseId));
                id += "@" + profile.Name;
            }
            return new LabeledCase(id, new ImageSlice(Size, Size, image), new SegmentationLabel(mask));
        }).ToList();

    /// <summary>Applies an arbitrary corruption to each case's image (labels unchanged).</summary>
    public static IReadOnlyList<LabeledCase> Corrupt(IReadOnlyList<LabeledCase> cases, string tag, Func<float[], int, float[]> corrupt) =>
        cases.Select((c, i) => new LabeledCase(c.CaseId + "@" + tag,
            new ImageSlice(c.Image.Height, c.Image.Width, corrupt((float[])c.Image.Pixels.Clone(), i)), c.Label)).ToList();

    private static (float[] Image, byte[] Mask) Downsample(BrainSlice s)
    {
        int n = BrainMriDataset.Size;
        var image = new float[Size * Size];
        var mask = new byte[Size * Size];
        for (int y = 0; y < Size; y++)
            for (int x = 0; x < Size; x++)
            {
                float sum = 0;
                int brain = 0;
                for (int dy = 0; dy < 2; dy++)
                    for (int dx = 0; dx < 2; dx++)
                    {
                        int k = (2 * y + dy) * n + 2 * x + dx;
                        sum += s.Image[k];
                        brain += s.BrainMask[k];
                    }
                image[y * Size + x] = sum / 4;
                mask[y * Size + x] = (byte)(brain >= 2 ? 1 : 0);
            }
        return (image, mask);
    }
}
