using System.Globalization;
using FedBus.AppHost.Experiments.Reporting;

namespace FedBus.AppHost.Experiments;

/// <summary>The run's results against the published anchors of issue 10 and the must-show of issue 9, stated plainly.</summary>
internal static class AnchorChecks
{
    public static (IReadOnlyList<AnchorCheck> Checks, IReadOnlyList<string> Notes) Evaluate(
        IReadOnlyList<ArmReport> arms, TriageReport triage, ExperimentSettings settings, string robust)
    {
        var checks = new List<AnchorCheck>();
        var notes = new List<string>();
        var central = arms.Single(a => a.Kind == "centralised");
        var clean = arms.Where(a => a.Kind == "federated" && a.BadLabels is null).ToDictionary(a => a.Strategy!, StringComparer.Ordinal);
        ArmReport Bad(string strategy, string labels, bool qc) =>
            arms.Single(a => a.Kind == "federated" && a.Strategy == strategy && a.BadLabels == labels && a.Qc == qc);

        const string sheller = "FL ≥ 99% of centralised (Sheller et al. 2020; NVFlare BraTS18: FedAvg 0.8573 vs centralised 0.8558)";
        foreach (var (name, arm) in clean)
        {
            double ratio = arm.HeldOutMetric / central.HeldOutMetric;
            checks.Add(new AnchorCheck($"{name} vs centralised", sheller, ratio, ratio >= 0.99,
                T($"{arm.HeldOutMetric:F4} vs {central.HeldOutMetric:F4} = {ratio:P1} of centralised")));
        }

        checks.Add(new AnchorCheck("uncertainty triage vs random labels to the target", "≤ 0.5 of random's labels (Nath et al. 2021)",
            triage.Ratio, triage.Ratio is <= 0.5, T($"target {triage.Target:F4} ({triage.TargetSource}): {triage.RatioBound}")));

        var fedAvg = clean[ExperimentRun.FedAvg];
        foreach (var labels in new[] { "one-based", "corrupted" })
        {
            var gated = Bad(ExperimentRun.FedAvg, labels, qc: false);
            int rejected = gated.RoundsRejected ?? 0, published = gated.RoundsPublished ?? 0;
            var poisoned = gated.Rounds!.Where(r => r.Gate is "published" or "rejected").ToList();
            double worstCandidate = poisoned.Count == 0 ? double.NaN : poisoned.Min(r => r.CandidateHeldOut);
            checks.Add(new AnchorCheck($"gate vs plain FedAvg with a {labels} site (no QC)",
                "the gate rejects the candidate (issue 9 must-show)", rejected, published == 0 && rejected > 0,
                T($"{rejected} of {gated.Rounds!.Count} candidates rejected, {published} published; held-out of the worst candidate {worstCandidate:F4}, final global {gated.HeldOutMetric:F4} vs clean FedAvg {fedAvg.HeldOutMetric:F4}")));

            var robustBad = Bad(robust, labels, qc: false);
            checks.Add(Cost($"{robust} with a {labels} site (no QC) vs the clean run", "global metric within 1% of the clean run (issue 9 must-show)",
                robustBad, fedAvg, clean[robust]));
            var both = Bad(robust, labels, qc: true);
            checks.Add(Cost($"QC + {robust} with a {labels} site vs the clean run", "one bad site costs ≤ 1% with QC + robust aggregation",
                both, fedAvg, clean[robust]));
        }

        notes.Add("Every arm starts from version 1 (the founding site's first cases, briefly trained); centralised and local-only train as many epochs as a site does over all rounds.");
        notes.Add("Held-out metric: each site's copy of the held-out positions through its own scanner; 'global' is the mean over sites.");
        notes.Add("The gate is a one-class copy of the rule in ROUNDS.md (validation-case-weighted metric and per-site drops, absolute tolerances): the aggregation service's gate class was not on main.");
        notes.Add("Without QC a site's training takes labels as given, ids beyond the class list clamped to the last class (what reading 'non-zero = brain' does); with QC, labels QC rejects are missing (resubmission is not modelled).");
        notes.Add("The norm outlier screen of the aggregation planner is off in every arm, so FedAvg is plain FedAvg.");
        notes.Add($"Triage uses FedBus.Learning's MC-dropout TriageScore; the inference service's combined score (image-level OOD signals) was not on main.");
        if (settings.Quick) notes.Add("--quick: sizes for a test, not for conclusions.");
        return (checks, notes);
    }

    /// <summary>Relative change of a bad-site arm against the clean FedAvg run (the check) and against the clean run of its own strategy.</summary>
    private static AnchorCheck Cost(string claim, string anchor, ArmReport arm, ArmReport cleanFedAvg, ArmReport cleanSame)
    {
        double vsFedAvg = arm.HeldOutMetric / cleanFedAvg.HeldOutMetric - 1;
        double vsSame = arm.HeldOutMetric / cleanSame.HeldOutMetric - 1;
        return new AnchorCheck(claim, anchor, vsFedAvg, vsFedAvg >= -0.01,
            T($"{arm.HeldOutMetric:F4}: {vsFedAvg:+0.0%;-0.0%} vs clean FedAvg {cleanFedAvg.HeldOutMetric:F4}, {vsSame:+0.0%;-0.0%} vs clean {cleanSame.Strategy} {cleanSame.HeldOutMetric:F4}; gate published {arm.RoundsPublished}/{arm.Rounds!.Count}"));
    }

    private static string T(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
