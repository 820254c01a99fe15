using System.Globalization;
using System.Text;

namespace FedBus.AppHost.Experiments.Reporting;

/// <summary>report.md: the tables docs/experiments.md quotes.</summary>
internal static class MarkdownReport
{
    public static string Render(ExperimentReport r)
    {
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"# FedBus experiment: {r.Task} ({r.Metric})");
        sb.AppendLine();
        sb.AppendLine(CultureInfo.InvariantCulture, $"`FedBus.AppHost {r.Command}` — {r.StartedAt:yyyy-MM-dd HH:mm} UTC, {r.WallSeconds / 60:F1} min wall time, {r.Threads} libtorch threads.");
        sb.AppendLine(CultureInfo.InvariantCulture, $"{r.Sites.Count} sites, {r.Size}² slices, {r.Rounds} rounds × {r.LocalEpochs} local epochs, robust strategy {r.RobustStrategy}, gate tolerance {r.GateTolerance:G3} (site {r.SiteTolerance:G3}), bad site {r.BadSite} ({r.CorruptFraction:P0} corrupted in the 'corrupted' arms), seed {r.Seed}.");
        sb.AppendLine();
        Section(sb, "Anchors", ReportTables.Anchors(r));
        Section(sb, "Held-out metric per arm", ReportTables.Arms(r));
        sb.AppendLine(CultureInfo.InvariantCulture, $"Triage: {r.Triage.Scorer}, pool {r.Triage.Pool}, start {r.Triage.Start}, +{r.Triage.Step} per step, budget {r.Triage.Budget}, target {r.Triage.Target:F4} ({r.Triage.TargetSource}).");
        sb.AppendLine();
        Section(sb, "Uncertainty triage vs random labelling", ReportTables.Triage(r));
        Section(sb, "QC over the bad site's labels", ReportTables.Qc(r));
        Section(sb, "Sites", ReportTables.Sites(r));
        Section(sb, "Rounds and the gate", ReportTables.Gate(r));
        sb.AppendLine("## Notes");
        sb.AppendLine();
        foreach (var n in r.Notes) sb.AppendLine(CultureInfo.InvariantCulture, $"- {n}");
        return sb.ToString();
    }

    private static void Section(StringBuilder sb, string title, (string[] Header, List<string[]> Rows) table)
    {
        sb.AppendLine(CultureInfo.InvariantCulture, $"## {title}");
        sb.AppendLine();
        sb.AppendLine("| " + string.Join(" | ", table.Header.Select(Cell)) + " |");
        sb.AppendLine("|" + string.Concat(table.Header.Select(_ => "---|")));
        foreach (var row in table.Rows) sb.AppendLine("| " + string.Join(" | ", row.Select(Cell)) + " |");
        sb.AppendLine();
    }

    private static string Cell(string s) => s.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}
