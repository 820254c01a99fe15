using System.Globalization;

namespace FedBus.AppHost.Experiments;

/// <summary>
/// The hub's publication gate (issue 9, ROUNDS.md): every participating site scores the candidate and the current model
/// on its validation pool; the candidate is published only if the validation-case-weighted metric does not fall more
/// than <paramref name="tolerance"/> below the current model's, and no site's metric falls more than its own tolerance.
/// The aggregation service's gate class was not on main when this was written: this is the same rule in one class,
/// to be replaced by the service's when it lands. Tolerances are absolute (metric points).
/// </summary>
public sealed class ValidationGate(double tolerance, double siteTolerance, IReadOnlyDictionary<string, double>? siteTolerances = null)
{
    public double Tolerance { get; } = tolerance >= 0 && double.IsFinite(tolerance)
        ? tolerance : throw new ArgumentOutOfRangeException(nameof(tolerance), tolerance, "must be finite and ≥ 0");

    public double SiteTolerance { get; } = siteTolerance >= 0 && double.IsFinite(siteTolerance)
        ? siteTolerance : throw new ArgumentOutOfRangeException(nameof(siteTolerance), siteTolerance, "must be finite and ≥ 0");

    public double ToleranceOf(string siteId) => siteTolerances?.GetValueOrDefault(siteId, SiteTolerance) ?? SiteTolerance;

    public GateDecision Decide(IReadOnlyList<SiteScore> sites)
    {
        ArgumentNullException.ThrowIfNull(sites);
        var counted = sites.Where(s => s.ValidationCases > 0).ToList();
        foreach (var s in counted)
            if (!double.IsFinite(s.Candidate) || !double.IsFinite(s.Current))
                return new GateDecision(false, double.NaN, double.NaN, sites, Text($"{s.SiteId} reported a metric that is not a number."));
        if (counted.Count == 0)
            return new GateDecision(false, double.NaN, double.NaN, sites, "No site validated the candidate.");

        double n = counted.Sum(s => (double)s.ValidationCases);
        double candidate = counted.Sum(s => s.ValidationCases * s.Candidate) / n;
        double current = counted.Sum(s => s.ValidationCases * s.Current) / n;
        var reasons = new List<string>();
        if (candidate < current - Tolerance)
            reasons.Add(Text($"the weighted metric falls from {current:F4} to {candidate:F4} (tolerance {Tolerance:G3})"));
        foreach (var s in counted.Where(s => s.Candidate < s.Current - ToleranceOf(s.SiteId)))
            reasons.Add(Text($"{s.SiteId} falls from {s.Current:F4} to {s.Candidate:F4} (tolerance {ToleranceOf(s.SiteId):G3})"));
        return new GateDecision(reasons.Count == 0, candidate, current, sites, reasons.Count == 0 ? null : string.Join("; ", reasons) + ".");
    }

    private static string Text(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
