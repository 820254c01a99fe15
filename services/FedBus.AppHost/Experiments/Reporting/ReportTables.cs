using System.Globalization;

namespace FedBus.AppHost.Experiments.Reporting;

/// <summary>The report's tables as rows of cells, shared by the Markdown, HTML and console renderings.</summary>
internal static class ReportTables
{
    public static string F(double v) => double.IsFinite(v) ? v.ToString("F4", CultureInfo.InvariantCulture) : "–";

    public static string F(double? v) => v is { } x ? F(x) : "–";

    public static (string[] Header, List<string[]> Rows) Arms(ExperimentReport r)
    {
        var header = new List<string> { "arm", "strategy", "bad site", "QC", $"held-out {r.Metric} (global)" };
        header.AddRange(r.Sites.Select(s => s.SiteId));
        header.Add("gate published/rejected");
        var rows = r.Arms.Select(a =>
        {
            var row = new List<string> { a.Name, a.Strategy ?? a.Kind, a.BadLabels is null ? "–" : $"{a.BadSite} {a.BadLabels}", a.Qc is { } q ? (q ? "on" : "off") : "–", F(a.HeldOutMetric) };
            row.AddRange(r.Sites.Select(s => F(a.SiteMetric.GetValueOrDefault(s.SiteId, double.NaN))));
            row.Add(a.Rounds is null ? "–" : $"{a.RoundsPublished}/{a.RoundsRejected}");
            return row.ToArray();
        }).ToList();
        return (header.ToArray(), rows);
    }

    public static (string[] Header, List<string[]> Rows) Anchors(ExperimentReport r) =>
        (["claim", "anchor", "met", "measured"],
         r.Anchors.Select(a => new[] { a.Claim, a.Anchor, a.Met ? "yes" : "**no**", a.Detail }).ToList());

    public static (string[] Header, List<string[]> Rows) Triage(ExperimentReport r)
    {
        var arms = r.Triage.Arms;
        var labels = arms.SelectMany(a => a.Curve.Select(p => p.Labels)).Distinct().Order().ToList();
        var header = new[] { "labels" }.Concat(arms.Select(a => $"{a.Selection} {r.Metric}")).ToArray();
        var rows = labels.Select(n => new[] { n.ToString(CultureInfo.InvariantCulture) }
            .Concat(arms.Select(a => a.Curve.FirstOrDefault(p => p.Labels == n) is { } p ? F(p.Metric) : "–")).ToArray()).ToList();
        rows.Add(new[] { "labels to target" }.Concat(arms.Select(a => a.LabelsToTarget?.ToString(CultureInfo.InvariantCulture) ?? $"> {r.Triage.Budget}")).ToArray());
        return (header, rows);
    }

    public static (string[] Header, List<string[]> Rows) Gate(ExperimentReport r) =>
        (["arm", "round", "gate", "candidate / current (validation, weighted)", "candidate held-out", "global held-out after", "aggregated", "why"],
         r.Arms.Where(a => a.Rounds is not null).SelectMany(a => a.Rounds!.Select(x => new[]
         {
             a.Name, x.Round.ToString(CultureInfo.InvariantCulture), x.Gate, $"{F(x.CandidateValidation)} / {F(x.CurrentValidation)}",
             F(x.CandidateHeldOut), F(x.HeldOutMetric), string.Join(", ", x.Aggregated),
             string.Join(" ", new[] { x.Reason }.Concat(x.LeftOut.Select(l => $"{l.Key} left out: {l.Value}")).Where(s => !string.IsNullOrEmpty(s))),
         })).ToList());

    public static (string[] Header, List<string[]> Rows) Qc(ExperimentReport r) =>
        (["bad labels", "site", "labels", "corrupted", "accepted", "rejected by reason", "caught (by corruption)", "missed (by corruption)", "correct labels rejected"],
         r.Arms.Where(a => a.QcScreen is not null && a.Qc == true && a.Strategy == "FedAvg").Select(a =>
         {
             var q = a.QcScreen!;
             return new[]
             {
                 a.BadLabels!, q.Site, N(q.Labels), N(q.Corrupted), N(q.Accepted), Counts(q.RejectedByReason), Counts(q.CaughtByCorruption),
                 Counts(q.MissedByCorruption), N(q.CleanRejected),
             };
         }).ToList());

    public static (string[] Header, List<string[]> Rows) Sites(ExperimentReport r) =>
        (["site", "scanner", "labelled slices", "held-out slices"],
         r.Sites.Select(s => new[] { s.SiteId, s.Scanner, N(s.Cases), N(s.HeldOutCases) }).ToList());

    private static string N(int n) => n.ToString(CultureInfo.InvariantCulture);

    private static string Counts(IReadOnlyDictionary<string, int> counts) =>
        counts.Count == 0 ? "none" : string.Join(", ", counts.Select(c => $"{c.Key} {c.Value}"));
}
