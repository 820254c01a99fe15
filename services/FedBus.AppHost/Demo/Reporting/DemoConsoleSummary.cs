using Spectre.Console;

namespace FedBus.AppHost.Demo.Reporting;

/// <summary>The summary a person reads at the end of a demo.</summary>
internal static class DemoConsoleSummary
{
    public static void Write(IAnsiConsole console, DemoReport r, string folder, string runLog = "demo.log")
    {
        console.Write(Table($"FedBus demo: {r.Task}, {r.Sites.Count} sites, bad reader at {r.BadSite}", DemoTables.Headline(r)));
        console.Write(Table("Rounds", DemoTables.Rounds(r)));
        console.Write(Table("Waves of studies", DemoTables.Waves(r)));
        console.Write(Table("Stages", DemoTables.Stages(r)));
        foreach (var n in r.Notes) console.MarkupLine("[yellow]note:[/] " + Markup.Escape(n));
        console.MarkupLine($"Report: [bold]{Markup.Escape(Path.Combine(folder, "report.html"))}[/] (also report.json, {runLog}, logs/)");
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
