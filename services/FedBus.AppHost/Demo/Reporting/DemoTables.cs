using System.Globalization;

namespace FedBus.AppHost.Demo.Reporting;

/// <summary>The report's tables as header + rows of text, shared by the console summary and report.html.</summary>
internal static class DemoTables
{
    public static (string[] Header, List<string[]> Rows) Stages(DemoReport r) =>
        (["stage", "ran", "what happened"], r.Stages.Select(s => new[] { s.Name, s.Ran ? "yes" : "**no**", s.Note }).ToList());

    public static (string[] Header, List<string[]> Rows) Waves(DemoReport r) =>
        (["wave", "studies sent", "ingested", "instances", "predictions (by model version)", "tasks opened (audit)", "answered", "QC accepted", "QC rejected", "settled"],
         r.Waves.Select(w => new[]
         {
             I(w.Wave + 1), I(w.StudiesSent), I(w.StudiesIngested), I(w.InstancesIngested),
             I(w.Predictions) + (w.PredictionsByModelVersion.Count > 0 ? " (" + string.Join(", ", w.PredictionsByModelVersion.Select(kv => $"v{kv.Key}: {kv.Value}")) + ")" : ""),
             $"{I(w.TasksOpened)} ({I(w.AuditTasksOpened)})", I(w.TasksAnswered), I(w.QcAccepted),
             I(w.QcRejectedSubmissions) + (w.QcRejected.Count > 0 ? " (" + string.Join(", ", w.QcRejected.Select(kv => $"{kv.Key} {kv.Value}")) + ")" : ""),
             w.Settled ? "yes" : "**no**",
         }).ToList());

    public static (string[] Header, List<string[]> Rows) Rounds(DemoReport r) =>
        (["round", "model version", $"held-out {r.Metric}", .. r.Sites, "strategy", "sites invited", "updates aggregated", "labels used", "gate", $"gate {r.Metric} current → candidate"],
         [
             ["start", "1", F(r.InitialHeldOutMetric), .. r.Sites.Select(s => F(r.InitialSiteMetric.GetValueOrDefault(s, double.NaN))), "", "", "", "", "", ""],
             .. r.Rounds.Select(x => (string[])[I(x.Round), I(x.ModelVersion), F(x.HeldOutMetric), .. r.Sites.Select(s => F(x.SiteMetric.GetValueOrDefault(s, double.NaN))),
                 x.Strategy, x.InvitedSites.Count > 0 ? string.Join(", ", x.InvitedSites) : "none", I(x.UpdatesAggregated), I(x.LabelsUsed),
                 x.Gate + (x.PublishedVersion is { } v ? $" (v{v})" : ""), GateFigures(x)]),
         ]);

    /// <summary>The gate's validation-case-weighted figures, or why the round has none.</summary>
    public static string GateFigures(DemoRoundReport x) => x.GateFigures is { Current: { } current, Candidate: { } candidate, Change: { } change } g
        ? string.Create(CultureInfo.InvariantCulture, $"{current:F4} → {candidate:F4} ({change:+0.0000;-0.0000}) on {g.ValidationCases} cases")
        : x.Reason;

    public static (string[] Header, List<string[]> Rows) Headline(DemoReport r) =>
        (["figure", "value"],
         [
             [$"initial held-out {r.Metric}", F(r.InitialHeldOutMetric)],
             [$"final held-out {r.Metric}", r.FinalHeldOutMetric is { } f ? F(f) : "not measured (no round ran)"],
             ["triage precision (opened tasks where the model was poor)", r.TriagePrecision is { } t ? F(t) : "not measured (no task opened)"],
             ["random triage precision (all predictions that were poor)", r.RandomTriagePrecision is { } rt ? F(rt) : "not measured (no prediction)"],
             ["stored → task visible, p50 / p95 ms", r.LatencyMs is { } l ? $"{l.P50:F0} / {l.P95:F0} ({l.Count} tasks)" : "not measured (no task opened)"],
             ["wall time", $"{r.WallSeconds:F0} s"],
         ]);

    public static string F(double v) => double.IsNaN(v) ? "-" : v.ToString("F4", CultureInfo.InvariantCulture);

    private static string I(int v) => v.ToString(CultureInfo.InvariantCulture);
}
