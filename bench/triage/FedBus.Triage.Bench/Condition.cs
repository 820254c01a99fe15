using FedBus.BrainMri;

namespace FedBus.Triage.Bench;

/// <summary>
/// A way the held-out slices reach the model: a scanner (its profile applied in the model grid, as the learning tests
/// do, so noise keeps its strength) or a stress corruption outside the scanner family.
/// </summary>
internal sealed record Condition(string Name, bool IsScanner, SliceSource Source, Func<float[], int, int, float[]> Render)
{
    public static IReadOnlyList<Condition> All(int size) =>
    [
        .. ScannerProfiles.All.Select(p => new Condition(p.Name, true, p.Source,
            (image, i, _) => p.Apply(image, size, size, (ulong)(1000 * (ScannerIndex(p) + 1) + i)))),
        new Condition("stress: blur σ2", false, SliceSource.Ch2, (image, _, _) => { var x = (float[])image.Clone(); ImageCorruption.GaussianBlur(x, size, size, 2); return x; }),
        new Condition("stress: inverted", false, SliceSource.Ch2, (image, _, _) => image.Select(v => 1 - v).ToArray()),
    ];

    private static int ScannerIndex(ScannerProfile p) => ScannerProfiles.All.ToList().IndexOf(p);
}
