namespace FedBus.Loop.Bench;

public static class Stats
{
    /// <summary>Nearest-rank percentile (p in 0..100) of milliseconds.</summary>
    public static double Percentile(IReadOnlyList<double> values, double p)
    {
        var sorted = values.Order().ToArray();
        return sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
    }
}
