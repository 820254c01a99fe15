namespace FedBus.Aggregation.Strategies;

/// <summary>
/// The decisions of <see cref="RoundPlanner"/> for one round, made from metadata alone: which updates enter, with which
/// share and clip factor, which tensors stay local, and how much noise is added. Executed by <see cref="Aggregator"/>.
/// </summary>
public sealed class RoundPlan
{
    private readonly bool[] aggregated;

    internal RoundPlan(
        AggregationSettings settings,
        ModelLayout layout,
        bool[] aggregated,
        IReadOnlyList<string> localTensors,
        IReadOnlyList<SiteDecision> sites,
        string? blocker,
        double medianNorm,
        double normThreshold,
        double noiseStdDev,
        IReadOnlyList<string> notes)
    {
        Settings = settings;
        Layout = layout;
        this.aggregated = aggregated;
        LocalTensors = localTensors;
        Sites = sites;
        Included = [.. sites.Where(s => s.Included)];
        Blocker = blocker;
        MedianNorm = medianNorm;
        NormThreshold = normThreshold;
        NoiseStdDev = noiseStdDev;
        Notes = notes;
    }

    public AggregationSettings Settings { get; }

    /// <summary>The global model's layout every update must match.</summary>
    public ModelLayout Layout { get; }

    /// <summary>Names of the tensors kept local (FedBN): copied from the global model, not aggregated.</summary>
    public IReadOnlyList<string> LocalTensors { get; }

    /// <summary>One decision per submission, in submission order.</summary>
    public IReadOnlyList<SiteDecision> Sites { get; }

    /// <summary>The included sites, in submission order (the order updates are summed in).</summary>
    public IReadOnlyList<SiteDecision> Included { get; }

    /// <summary>Why this round cannot be aggregated (e.g. too few valid updates for Krum), or null.</summary>
    public string? Blocker { get; }

    public bool CanAggregate => Blocker is null;

    /// <summary>Median of the valid updates' norms (NaN when none).</summary>
    public double MedianNorm { get; }

    /// <summary>The norm above which an update was an outlier (NaN when the screen did not run).</summary>
    public double NormThreshold { get; }

    /// <summary>Standard deviation of the Gaussian noise added to each coordinate of the average (0 without DP).</summary>
    public double NoiseStdDev { get; }

    /// <summary>Things worth telling the operator (a screen skipped, a cap that could not hold).</summary>
    public IReadOnlyList<string> Notes { get; }

    /// <summary>Whether tensor <paramref name="index"/> of <see cref="Layout"/> is averaged (float32 and not local).</summary>
    public bool IsAggregated(int index) => aggregated[index];

    internal IReadOnlyList<bool> AggregatedMask => aggregated;
}
