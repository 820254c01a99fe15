using System.Globalization;
using FedBus.Learning.Weights;

namespace FedBus.Aggregation.Strategies;

/// <summary>
/// Decides a round from metadata alone — each site's sample count, inspection and score — before any weights are
/// read: who is left out and why (invalid, duplicate, no samples, norm outlier), clip factors, shares, which tensors
/// stay local, and the noise. Pure: the same submissions and settings give the same plan.
/// </summary>
public static class RoundPlanner
{
    public static RoundPlan Plan(AggregationSettings settings, ModelLayout layout, IReadOnlyList<SiteSubmission> submissions)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(submissions);
        settings.Validate();
        var notes = new List<string>();

        var local = settings.KeepsNormalisationLocal ? NormalisationLayers.Find(layout.Tensors.Select(t => (t.Name, t.DType, t.Shape.Count))) : new HashSet<string>();
        var aggregated = new bool[layout.Count];
        for (int t = 0; t < layout.Count; t++)
            aggregated[t] = layout[t].DType == WeightDType.F32 && !local.Contains(layout[t].Name);
        if (settings.KeepsNormalisationLocal && local.Count == 0)
            notes.Add("FedBN: the model has no normalisation layers, so every tensor is aggregated.");

        int n = submissions.Count;
        var reasons = new string?[n];
        var norms = new double[n];
        Array.Fill(norms, double.NaN);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var valid = new List<int>(n);
        for (int i = 0; i < n; i++)
        {
            var s = submissions[i] ?? throw new ArgumentException($"Submission {i} is null.", nameof(submissions));
            ArgumentException.ThrowIfNullOrEmpty(s.SiteId, nameof(submissions));
            ArgumentNullException.ThrowIfNull(s.Inspection, nameof(submissions));
            reasons[i] = ReasonToLeaveOut(s, seen, layout, settings);
            if (reasons[i] is not null) continue;
            norms[i] = s.Inspection.DeltaNormOver(aggregated);
            valid.Add(i);
        }

        var clip = new double[n];
        Array.Fill(clip, 1.0);
        double median = valid.Count == 0 ? double.NaN : Median(valid.Select(i => norms[i]));
        double threshold = double.NaN;
        var outlier = new bool[n];
        if (settings.Privacy is { } dp)
        {
            foreach (int i in valid)
            {
                if (!(norms[i] > dp.ClipNorm)) continue;
                clip[i] = dp.ClipNorm / norms[i];
                reasons[i] = Text($"Clipped for differential privacy: norm {norms[i]:G4} scaled to C = {dp.ClipNorm:G4}.");
            }
            if (settings.NormOutliers is not null)
                notes.Add("Norm outlier screen not applied under differential privacy: clipping to C bounds every update, and a median-relative screen would make one site's inclusion depend on the others.");
        }
        else if (settings.NormOutliers is { } policy)
        {
            if (valid.Count < policy.MinimumSites)
                notes.Add($"Norm outlier screen skipped: {valid.Count} valid update(s), it needs {policy.MinimumSites}.");
            else if (median == 0 && policy.MinimumThreshold == 0)
                notes.Add("Norm outlier screen skipped: the median update does not change the model.");
            else
            {
                threshold = Math.Max(policy.Factor * median, policy.MinimumThreshold);
                foreach (int i in valid)
                {
                    if (!(norms[i] > threshold)) continue;
                    string what = Text($"Update norm {norms[i]:G4} is {norms[i] / median:G3}× the round's median {median:G4} (limit {policy.Factor:G3}×");
                    if (policy.Action == NormOutlierAction.Reject)
                    {
                        reasons[i] = what + "): rejected as an outlier.";
                        outlier[i] = true;
                    }
                    else
                    {
                        clip[i] = threshold / norms[i];
                        reasons[i] = what + Text($"): clipped to {threshold:G4}.");
                    }
                }
            }
        }

        var included = valid.Where(i => !outlier[i]).ToList();
        var shares = new double[n];
        if (included.Count > 0)
        {
            if (settings.Privacy is not null || !settings.IsMeanBased)
            {
                foreach (int i in included) shares[i] = 1.0 / included.Count;
                if (!settings.IsMeanBased && (settings.MaxSiteShare is not null || settings.WeightByValidationScore))
                    notes.Add($"{settings.Strategy} weighs every accepted update equally: the share cap and score weighting do not apply.");
                if (settings.Privacy is not null && (settings.MaxSiteShare is not null || settings.WeightByValidationScore))
                    notes.Add("Under differential privacy every site has an equal share (the sensitivity analysis assumes it): the share cap and score weighting do not apply.");
            }
            else
            {
                var raw = included.Select(i => (double)submissions[i].SampleCount * (settings.WeightByValidationScore ? submissions[i].ValidationScore!.Value : 1.0)).ToList();
                var s = SiteWeighting.Shares(raw, settings.MaxSiteShare, out bool capHolds);
                for (int j = 0; j < included.Count; j++) shares[included[j]] = s[j];
                if (!capHolds)
                    notes.Add(Text($"A share cap of {settings.MaxSiteShare:G3} cannot hold for {included.Count} site(s); every site gets 1/{included.Count}."));
            }
        }

        var blocker = Blocker(settings, included.Count, submissions, reasons);
        double noise = settings.Privacy is { } p && included.Count > 0 ? p.NoiseMultiplier * p.ClipNorm / included.Count : 0;
        var decisions = new SiteDecision[n];
        var includedSet = included.ToHashSet();
        for (int i = 0; i < n; i++)
            decisions[i] = new SiteDecision(submissions[i].SiteId, includedSet.Contains(i), shares[i], clip[i], norms[i], reasons[i]);
        return new RoundPlan(settings, layout, aggregated, [.. local], decisions, blocker, median, threshold, noise, notes);
    }

    private static string? ReasonToLeaveOut(SiteSubmission s, HashSet<string> seen, ModelLayout layout, AggregationSettings settings)
    {
        if (!seen.Add(s.SiteId)) return "A second update from this site in the round; only the first one counts.";
        if (!s.Inspection.IsValid) return s.Inspection.Reason;
        if (s.Inspection.TensorSquaredNorms.Count != layout.Count)
            return $"The inspection covers {s.Inspection.TensorSquaredNorms.Count} tensors but the global model has {layout.Count}: it was made against another model.";
        if (s.SampleCount <= 0) return $"The site reports {s.SampleCount} training samples.";
        if (settings.WeightByValidationScore && settings.IsMeanBased && settings.Privacy is null)
        {
            if (s.ValidationScore is not { } q) return "The round weights sites by validation score and this update has none.";
            if (!(q > 0 && q <= 1)) return Text($"Validation score {q:G4} is outside (0, 1].");
        }
        return null;
    }

    private static string? Blocker(AggregationSettings settings, int k, IReadOnlyList<SiteSubmission> submissions, string?[] reasons)
    {
        if (k == 0)
            return submissions.Count == 0
                ? "No update was submitted."
                : $"None of the {submissions.Count} update(s) can be aggregated: " +
                  string.Join(" | ", submissions.Select((s, i) => $"{s.SiteId}: {reasons[i]}"));
        if (settings.Strategy is StrategyKind.Krum or StrategyKind.MultiKrum)
        {
            int f = settings.ByzantineSites;
            if (k < 2 * f + 3) return $"{settings.Strategy} with f = {f} needs at least {2 * f + 3} valid updates (K > 2f + 2); {k} were accepted.";
            if (settings.Strategy == StrategyKind.MultiKrum && settings.KrumSelected is { } m && m > k)
                return $"Multi-Krum is to average m = {m} updates but only {k} were accepted.";
        }
        return null;
    }

    internal static double Median(IEnumerable<double> values)
    {
        var v = values.Order().ToArray();
        if (v.Length == 0) return double.NaN;
        return v.Length % 2 == 1 ? v[v.Length / 2] : 0.5 * (v[v.Length / 2 - 1] + v[v.Length / 2]);
    }

    private static string Text(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
