using Spectre.Console;

namespace FedBus.AppHost.Experiments.Reporting;

/// <summary>The summary a person reads at the end of the run.</summary>
internal static class ConsoleSummary
{
    public static void Write(IAnsiConsole console, ExperimentReport r, string folder)
    {
        console.Write(Table($"Held-out {r.Metric} per arm ({r.Task}, {r.Sites.Count} sites, {r.Rounds} rounds)", ReportTables.Arms(r)));
        console.Write(Table("Uncertainty triage vs random", ReportTables.Triage(r)));
        console.Write(Table("Anchors", ReportTables.Anchors(r)));
        console.MarkupLine($"Report: [bold]{Markup.Escape(Path.Combine(folder, "report.html"))}[/] (also report.md, report.json, experiment.log)");
    }

    private static Table Table(string title, (string[] Header, List<string[]> Rows) table)
    {
        var t = new Table { Title = new TableTitle(Markup.Escape(title)) };
        foreach (var h in table.Header) t.AddColumn(Markup.Escape(h));
        foreach (var row in table.Rows)
            t.AddRow(row.Select(c => c == "**no**" ? "[red]no[/]" : Markup.Escape(c)).ToArray());
        return t;
    }
}
