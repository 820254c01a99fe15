using System.Globalization;
using System.Net;
using System.Text;
using FedBus.AppHost.Experiments.Reporting;

namespace FedBus.AppHost.Demo.Reporting;

/// <summary>report.html: the tables and plots (inline SVG, nothing loaded from elsewhere) of one demo run.</summary>
internal static class DemoHtmlReport
{
    public static string Render(DemoReport r)
    {
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>FedBus demo</title><style>")
          .Append("body{font-family:sans-serif;margin:2em;max-width:1200px}table{border-collapse:collapse;margin:1em 0;font-size:13px}")
          .Append("td,th{border:1px solid #ccc;padding:3px 7px;text-align:left;vertical-align:top}th{background:#f3f3f3}.no{color:#b00;font-weight:bold}")
          .Append("</style></head><body>");
        sb.Append(I($"<h1>FedBus demo: {E(r.Task)} ({E(r.Metric)})</h1>"));
        sb.Append(I($"<p><code>FedBus.AppHost {E(r.Command)}</code> — {r.StartedAt:yyyy-MM-dd HH:mm} UTC, {r.WallSeconds / 60:F1} min. "));
        sb.Append(I($"{r.Sites.Count} sites ({string.Join(", ", r.Scanners.Select(kv => $"{kv.Key}: {kv.Value}"))}), strategy {E(r.Strategy)}, triage {E(r.Triage)}, budget {(r.Budget is { } b ? b.ToString(CultureInfo.InvariantCulture) : "none")}, audit rate {r.AuditRate:G3}, bad reader at {E(r.BadSite)}, seed {r.Seed}.</p>"));
        Table(sb, "Headline", DemoTables.Headline(r));
        Table(sb, "Stages of the loop", DemoTables.Stages(r));

        var rounds = r.Rounds;
        (string, double)[] refs = [("version 1", r.InitialHeldOutMetric)];
        var series = new List<(string, IReadOnlyList<(double, double)>)>
        {
            ("global", [(0, r.InitialHeldOutMetric), .. rounds.Select(x => ((double)x.Round, x.HeldOutMetric))]),
        };
        foreach (var s in r.Sites)
            series.Add((s, [(0, r.InitialSiteMetric.GetValueOrDefault(s, double.NaN)), .. rounds.Select(x => ((double)x.Round, x.SiteMetric.GetValueOrDefault(s, double.NaN)))]));
        sb.Append(SvgChart.Lines("Held-out metric per round (0 = version 1)", "round", r.Metric, series, refs));
        if (rounds.Count == 0) sb.Append("<p class=\"no\">No round ran: the plot shows version 1 only.</p>");
        sb.Append(SvgChart.Lines("Labels per round", "round", "labels",
            [("accepted at the sites", rounds.Select(x => ((double)x.Round, (double)x.LabelsAvailable)).ToList()),
             ("trained on (updates)", rounds.Select(x => ((double)x.Round, (double)x.LabelsUsed)).ToList())], []));
        sb.Append(SvgChart.Lines("Labels per wave (accepted by QC) and QC rejections", "wave", "count",
            [("accepted", r.Waves.Select(w => ((double)w.Wave + 1, (double)w.QcAccepted)).ToList()),
             ("rejected", r.Waves.Select(w => ((double)w.Wave + 1, (double)w.QcRejectedSubmissions)).ToList()),
             ("tasks opened", r.Waves.Select(w => ((double)w.Wave + 1, (double)w.TasksOpened)).ToList())], []));
        Table(sb, "Rounds", DemoTables.Rounds(r));
        Table(sb, "The gate's reasons", (["round", "invited", "not invited (no training or no validation case)", "aggregated", "reason"],
            rounds.Select(x => new[] { x.Round.ToString(CultureInfo.InvariantCulture), string.Join(", ", x.InvitedSites), string.Join(", ", x.SitesNotInvited),
                string.Join(", ", x.AggregatedSites), x.Reason }).ToList()));
        Table(sb, "Waves of studies", DemoTables.Waves(r));
        var reasons = r.Waves.SelectMany(w => w.QcRejected).GroupBy(kv => kv.Key).Select(g => new[] { g.Key, g.Sum(x => x.Value).ToString(CultureInfo.InvariantCulture) }).ToList();
        Table(sb, "QC rejections by reason", (["reason", "submissions"], reasons));
        sb.Append("<h2>Notes</h2><ul>");
        foreach (var n in r.Notes) sb.Append(I($"<li>{E(n)}</li>"));
        sb.Append("</ul></body></html>");
        return sb.ToString();
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
