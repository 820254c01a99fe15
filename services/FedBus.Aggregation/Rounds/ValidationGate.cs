using System.Globalization;

namespace FedBus.Aggregation.Rounds;

/// <summary>
/// The model gate: a candidate is published only if the validation-case-weighted metric over the validating sites does
/// not fall more than <see cref="GateOptions.Tolerance"/> below the current model's, and no site's own metric falls more
/// than that site's tolerance. A site whose candidate figure is missing or not a number fails (the gate cannot vouch
/// for it); a site without a current figure has nothing to regress from and passes on its own; a site that validated on
/// 0 cases is left out of the decision (neither figure means anything).
/// </summary>
public static class ValidationGate
{
    public static GateReport Decide(IReadOnlyList<ValidationRecord> validations, GateOptions options)
    {
        ArgumentNullException.ThrowIfNull(validations);
        ArgumentNullException.ThrowIfNull(options);
        var metric = options.Metric ?? validations.SelectMany(v => v.CandidateMetrics).Select(m => m.Name).FirstOrDefault();
        if (metric is null)
            return new GateReport(false, "No site reported a metric for the candidate; nothing shows it is not worse.", null, null, null, null, options.Tolerance, 0, []);

        var sites = new List<SiteGateFigures>(validations.Count);
        double candidateSum = 0, currentSum = 0;
        int cases = 0;
        foreach (var v in validations)
        {
            double tolerance = options.ToleranceOf(v.SiteId);
            var candidate = v.CandidateMetrics.FirstOrDefault(m => m.Name == metric);
            var current = v.CurrentMetrics.FirstOrDefault(m => m.Name == metric);
            if (v.ValidationCases <= 0)
            {
                // A site that scored the candidate on no case has no figure to vouch for or against it: left out, not failed.
                sites.Add(new(v.SiteId, v.ValidationCases, candidate?.Value, current?.Value, null, tolerance, true, "validated on 0 cases: left out of the decision"));
                continue;
            }
            if (candidate is null)
            {
                sites.Add(new(v.SiteId, v.ValidationCases, null, current?.Value, null, tolerance, false, $"did not report '{metric}' for the candidate"));
                continue;
            }
            if (candidate.Value is not { } c)
            {
                sites.Add(new(v.SiteId, v.ValidationCases, null, current?.Value, null, tolerance, false, $"the candidate's '{metric}' is not a number"));
                continue;
            }
            if (current?.Value is not { } p)
            {
                sites.Add(new(v.SiteId, v.ValidationCases, c, null, null, tolerance, true, $"no figure of the current model's '{metric}'"));
                continue;
            }
            double change = c - p;
            sites.Add(new(v.SiteId, v.ValidationCases, c, p, change, tolerance, change >= -tolerance, null));
            candidateSum += c * v.ValidationCases;
            currentSum += p * v.ValidationCases;
            cases += v.ValidationCases;
        }

        var failed = sites.Where(s => !s.Passed).ToList();
        if (cases == 0)
        {
            var why = failed.Count > 0 ? " " + Describe(failed, metric) : "";
            return new GateReport(false, Text($"No validation cases with figures of both models for '{metric}'; nothing shows the candidate is not worse.") + why,
                metric, null, null, null, options.Tolerance, 0, sites);
        }
        double candidateOverall = candidateSum / cases, currentOverall = currentSum / cases, overallChange = candidateOverall - currentOverall;
        bool overallHolds = overallChange >= -options.Tolerance;
        var summary = Text($"{metric} {currentOverall:0.####} → {candidateOverall:0.####} ({overallChange:+0.####;-0.####;0}) over {cases} validation cases");
        string reason;
        if (overallHolds && failed.Count == 0)
            reason = $"Published: {summary}; no site dropped beyond its tolerance.";
        else
        {
            var parts = new List<string>();
            if (!overallHolds) parts.Add(Text($"{summary} falls by more than the tolerance {options.Tolerance:0.####}"));
            else parts.Add(summary);
            if (failed.Count > 0) parts.Add(Describe(failed, metric));
            reason = "Rejected: " + string.Join("; ", parts) + ".";
        }
        return new GateReport(overallHolds && failed.Count == 0, reason, metric, candidateOverall, currentOverall, overallChange, options.Tolerance, cases, sites);
    }

    private static string Describe(List<SiteGateFigures> failed, string metric) =>
        string.Join("; ", failed.Select(s => s.Problem is { } problem
            ? $"{s.SiteId}: {problem}"
            : Text($"{s.SiteId}: {metric} {s.Current:0.####} → {s.Candidate:0.####} ({s.Change:+0.####;-0.####;0}) falls by more than its tolerance {s.Tolerance:0.####}")));

    private static string Text(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
