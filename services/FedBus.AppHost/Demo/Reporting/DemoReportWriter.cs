using System.Text.Json;
using FedBus.AppHost.Experiments.Reporting;

namespace FedBus.AppHost.Demo.Reporting;

/// <summary>Writes report.json (the machine-readable result) and report.html into the output folder.</summary>
internal static class DemoReportWriter
{
    public static async Task WriteAsync(DemoReport report, string folder, CancellationToken cancellationToken)
    {
        await Write(Path.Combine(folder, "report.json"), JsonSerializer.Serialize(report, ReportWriter.Json), cancellationToken);
        await Write(Path.Combine(folder, "report.html"), DemoHtmlReport.Render(report), cancellationToken);
    }

    /// <summary>Temp file, then rename: a reader never sees half a report.</summary>
    private static async Task Write(string path, string text, CancellationToken cancellationToken)
    {
        var temp = path + ".tmp";
        await File.WriteAllTextAsync(temp, text, cancellationToken);
        File.Move(temp, path, overwrite: true);
    }
}
