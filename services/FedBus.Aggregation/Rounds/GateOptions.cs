namespace FedBus.Aggregation.Rounds;

/// <summary>
/// Configuration section "FedBus:Aggregation:Gate": when a candidate may replace the current model. Metrics are
/// "higher is better" (Dice, accuracy, mAP — what ITaskModel.Evaluate reports).
/// </summary>
public sealed class GateOptions
{
    /// <summary>The metric the gate compares (e.g. "dice"); null = the first candidate metric the first validating site reports.</summary>
    public string? Metric { get; set; }

    /// <summary>How far the validation-case-weighted metric may fall below the current model's (absolute, ≥ 0).</summary>
    public double Tolerance { get; set; }

    /// <summary>How far any one site's metric may fall below the current model's on that site, unless <see cref="SiteTolerances"/> names the site.</summary>
    public double SiteTolerance { get; set; } = 0.05;

    /// <summary>A site's own tolerance, by site id.</summary>
    public Dictionary<string, double> SiteTolerances { get; set; } = new(StringComparer.Ordinal);

    /// <summary>At the validation deadline, the gate decides on the validations that came if there are at least this many; else the round times out.</summary>
    public int MinimumValidations { get; set; } = 1;

    public double ToleranceOf(string siteId) => SiteTolerances.TryGetValue(siteId, out var t) ? t : SiteTolerance;

    public GateOptions Validate()
    {
        static void NonNegative(double v, string name)
        {
            if (!(v >= 0) || !double.IsFinite(v))
                throw new InvalidOperationException($"FedBus:Aggregation:Gate:{name} must be a finite number ≥ 0, got {v}.");
        }
        NonNegative(Tolerance, nameof(Tolerance));
        NonNegative(SiteTolerance, nameof(SiteTolerance));
        foreach (var (site, t) in SiteTolerances) NonNegative(t, $"{nameof(SiteTolerances)}:{site}");
        if (MinimumValidations < 1)
            throw new InvalidOperationException($"FedBus:Aggregation:Gate:{nameof(MinimumValidations)} must be ≥ 1, got {MinimumValidations}.");
        if (Metric is { Length: 0 }) Metric = null;
        return this;
    }
}
