using System.Globalization;
using System.Net;
using System.Text;

namespace FedBus.AppHost.Experiments.Reporting;

/// <summary>report.html: the same tables as report.md plus plots, in one file with nothing loaded from elsewhere.</summary>
internal static class HtmlReport
{
    public static string Render(ExperimentReport r)
    {
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>FedBus experiment</title><style>")
          .Append("body{font-family:sans-serif;margin:2em;max-width:1200px}table{border-collapse:collapse;margin:1em 0;font-size:13px}")
          .Append("td,th{border:1px solid #ccc;padding:3px 7px;text-align:left;vertical-align:top}th{background:#f3f3f3}.no{color:#b00;font-weight:bold}")
          .Append("</style></head><body>");
        sb.Append(I($"<h1>FedBus experiment: {E(r.Task)} ({E(r.Metric)})</h1>"));
        sb.Append(I($"<p><code>FedBus.AppHost {E(r.Command)}</code> — {r.StartedAt:yyyy-MM-dd HH:mm} UTC, {r.WallSeconds / 60:F1} min, {r.Threads} threads. "));
        sb.Append(I($"{r.Sites.Count} sites, {r.Size}² slices, {r.Rounds} rounds × {r.LocalEpochs} local epochs, robust strategy {E(r.RobustStrategy)}, gate tolerance {r.GateTolerance:G3} (site {r.SiteTolerance:G3}), bad site {E(r.BadSite)}, seed {r.Seed}.</p>"));
        Table(sb, "Anchors", ReportTables.Anchors(r));
        Table(sb, "Held-out metric per arm", ReportTables.Arms(r));

        var central = r.Arms.Single(a => a.Kind == "centralised").HeldOutMetric;
        var initial = r.Arms.Single(a => a.Kind == "initial").HeldOutMetric;
        (string, double)[] refs = [("centralised", central), ("version 1", initial)];
        var federated = r.Arms.Where(a => a.Rounds is not null).ToList();
        sb.Append(SvgChart.Lines("Clean federation: global held-out per round", "round", r.Metric,
            [.. federated.Where(a => a.BadLabels is null).Select(Series)], refs));
        foreach (var labels in federated.Where(a => a.BadLabels is not null).Select(a => a.BadLabels!).Distinct())
            sb.Append(SvgChart.Lines($"One {labels} site: global held-out per round (after the gate)", "round", r.Metric,
                [.. federated.Where(a => a.BadLabels == labels || (a.BadLabels is null && a.Strategy == "FedAvg")).Select(Series)], refs));
        sb.Append(SvgChart.Lines("Uncertainty triage vs random", "labels", r.Metric,
            [.. r.Triage.Arms.Select(a => (a.Selection, (IReadOnlyList<(double, double)>)a.Curve.Select(p => ((double)p.Labels, p.Metric)).ToList()))],
            [("target", r.Triage.Target)]));
        sb.Append(I($"<p>Triage: {E(r.Triage.Scorer)}, pool {r.Triage.Pool}, start {r.Triage.Start}, +{r.Triage.Step} per step, budget {r.Triage.Budget}, target {r.Triage.Target:F4} ({E(r.Triage.TargetSource)}).</p>"));
        Table(sb, "Uncertainty triage vs random labelling", ReportTables.Triage(r));
        Table(sb, "QC over the bad site's labels", ReportTables.Qc(r));
        Table(sb, "Sites", ReportTables.Sites(r));
        Table(sb, "Rounds and the gate", ReportTables.Gate(r));
        sb.Append("<h2>Notes</h2><ul>");
        foreach (var n in r.Notes) sb.Append(I($"<li>{E(n)}</li>"));
        sb.Append("</ul></body></html>");
        return sb.ToString();

        (string, IReadOnlyList<(double, double)>) Series(ArmReport a) =>
            (a.Name, [(0, initial), .. a.Rounds!.Select(x => ((double)x.Round, x.HeldOutMetric))]);
    }

    private static void Table(StringBuilder sb, string title, (string[] Header, List<string[]> Rows) table)
    {
        sb.Append(I($"<h2>{E(title)}</h2><table><tr>"));
        foreach (var h in table.Header) sb.Append(I($"<th>{E(h)}</th>"));
        sb.Append("</tr>");
        foreach (var row in table.Rows)
        {
            sb.Append("<tr>");
            foreach (var c in row)
                sb.Append(c == "**no**" ? "<td class=\"no\">no</td>" : I($"<td>{E(c)}</td>"));
            sb.Append("</tr>");
        }
        sb.Append("</table>");
    }

    private static string E(string s) => WebUtility.HtmlEncode(s);

    private static string I(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
