using System.Text.Json;
using FedBus.AppHost.Cli;
using FedBus.AppHost.Demo;
using FedBus.AppHost.Demo.Reporting;
using FedBus.AppHost.Experiments.Reporting;

namespace FedBus.AppHost.Tests;

/// <summary>
/// `demo --quick` end to end in this process: real site and hub web hosts with their in-memory buses, LiteDB and blob
/// stores, our C-STORE SCU into each site's SCP, the radiologists over HTTP through YARP gateways. Asserts from
/// report.json that every stage composed on this branch did real work, and that every stage not composed yet is named
/// as not run instead of being imitated.
/// </summary>
public sealed class DemoQuickRunTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "fedbus-demo-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task A_quick_demo_reports_real_work_from_every_stage_that_exists_and_names_the_ones_that_do_not()
    {
        var run = await CommandLine.RunAsync("demo", "--quick", "--plain", "--out", folder);
        Assert.True(run.ExitCode == ExitCodes.Ok, $"exit {run.ExitCode}: {run.Error}");

        var report = JsonSerializer.Deserialize<DemoReport>(await File.ReadAllTextAsync(Path.Combine(folder, "report.json")), ReportWriter.Json)!;
        var settings = DemoSettings.QuickRun;
        Assert.Equal(["site-a", "site-b", "site-c"], report.Sites);
        Assert.Equal("dice", report.Metric);
        Assert.True(report.InitialHeldOutMetric is > 0 and < 1, $"version 1 held-out {report.InitialHeldOutMetric}");

        // PACS → ingestion: every study of every wave was stored and announced.
        Assert.Equal(settings.Waves, report.Waves.Count);
        Assert.All(report.Waves, w =>
        {
            Assert.True(w.Settled, $"wave {w.Wave} did not settle");
            Assert.Equal(settings.Sites * settings.StudiesPerWave, w.StudiesSent);
            Assert.Equal(w.StudiesSent, w.StudiesIngested);
            Assert.Equal(w.StudiesSent * settings.SlicesPerStudy, w.InstancesIngested);
        });
        Assert.True(Stage(report, "pacs → ingestion").Ran);
        Assert.True(Stage(report, "hosts").Ran);

        if (ComposedServices.Inference)
        {
            Assert.All(report.Waves, w => Assert.Equal(w.InstancesIngested, w.Predictions + w.Skipped));
            Assert.True(report.Waves.Sum(w => w.TasksOpened) > 0, "no task opened");
            Assert.True(report.Waves.Sum(w => w.TasksAnswered) > 0, "no task answered");
            Assert.True(report.Waves.Sum(w => w.QcAccepted) > 0, "QC accepted nothing");
            var badSiteReasons = report.Waves.SelectMany(w => w.QcRejectedBySite[report.BadSite].Keys).ToHashSet();
            Assert.True(badSiteReasons.Overlaps(["one-based-labels", "class-out-of-range"]),
                $"QC rejected nothing of the bad reader at {report.BadSite}: {string.Join(", ", badSiteReasons)}");
            Assert.NotNull(report.TriagePrecision);
            Assert.NotNull(report.RandomTriagePrecision);
            Assert.NotNull(report.LatencyMs);
        }
        else
        {
            Assert.StartsWith("not run — ", Stage(report, "inference").Note, StringComparison.Ordinal);
            Assert.Null(report.TriagePrecision);
        }

        if (ComposedServices.Training && ComposedServices.Aggregation)
        {
            Assert.Equal(settings.Rounds, report.Rounds.Count);
            Assert.True(report.Rounds.Sum(r => r.UpdatesAggregated) > 0, "no update aggregated");
            Assert.True(report.Rounds.Max(r => r.ModelVersion) > 1, "the model version never advanced");
            // Inference used a version the rounds published.
            Assert.Contains(report.Waves[^1].PredictionsByModelVersion.Keys, v => v > 1);
            Assert.NotNull(report.FinalHeldOutMetric);
        }
        else
        {
            Assert.Empty(report.Rounds);
            Assert.Null(report.FinalHeldOutMetric);
            Assert.StartsWith("not run — ", Stage(report, "rounds").Note, StringComparison.Ordinal);
        }

        Assert.True(File.Exists(Path.Combine(folder, "report.html")));
        Assert.Contains("<svg", await File.ReadAllTextAsync(Path.Combine(folder, "report.html")), StringComparison.Ordinal);
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(folder, "logs")));
    }

    private static DemoStageReport Stage(DemoReport report, string name) => Assert.Single(report.Stages, s => s.Name == name);

    public void Dispose()
    {
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
    }
}
