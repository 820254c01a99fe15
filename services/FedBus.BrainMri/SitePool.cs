namespace FedBus.BrainMri;

/// <summary>One hospital's local training data: its slices already rendered through its scanner profile.</summary>
public sealed record SitePool(int Index, string SiteId, ScannerProfile Profile, IReadOnlyList<BrainSlice> Slices)
{
    /// <summary>How many slices of each class the site holds (index = class label).</summary>
    public int[] ClassCounts(int classCount)
    {
        var counts = new int[classCount];
        foreach (var s in Slices)
            counts[s.ClassLabel]++;
        return counts;
    }
}
