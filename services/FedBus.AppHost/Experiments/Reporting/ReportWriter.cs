using System.Text.Json;
using System.Text.Json.Serialization;

namespace FedBus.AppHost.Experiments.Reporting;

/// <summary>Writes report.json (the machine-readable result), report.md and report.html into the output folder.</summary>
internal static class ReportWriter
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        // A round that could not be aggregated has no candidate figures: NaN, spelt out.
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static async Task WriteAsync(ExperimentReport report, string folder, CancellationToken cancellationToken)
    {
        await Write(Path.Combine(folder, "report.json"), JsonSerializer.Serialize(report, Json), cancellationToken);
        await Write(Path.Combine(folder, "report.md"), MarkdownReport.Render(report), cancellationToken);
        await Write(Path.Combine(folder, "report.html"), HtmlReport.Render(report), cancellationToken);
    }

    /// <summary>Temp file, then rename: a reader never sees half a report.</summary>
    private static async Task Write(string path, string text, CancellationToken cancellationToken)
    {
        var temp = path + ".tmp";
        await File.WriteAllTextAsync(temp, text, cancellationToken);
        File.Move(temp, path, overwrite: true);
    }
}
