using System.Text.Json;
using FedBus.AppHost.Cli;
using FedBus.AppHost.Demo;
using FedBus.AppHost.Demo.Reporting;
using FedBus.AppHost.Experiments.Reporting;

namespace FedBus.AppHost.Tests;

/// <summary>
/// `demo --quick` end to end in this process: real site and hub web hosts with their in-memory buses, LiteDB and blob
/// stores, our C-STORE SCU into each site's SCP, the radiologists over HTTP through YARP gateways, the hub's rounds over
/// its HTTP API with the sites joined by the federation bridge. Asserts from report.json that every stage did real
/// work: studies stored, tasks opened and answered, QC accepting and rejecting (the bad reader's reasons), site updates
/// aggregated, a version published by the gate, and inference at every site predicting with it in the next wave.
/// </summary>
public sealed class DemoQuickRunTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "fedbus-demo-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task A_quick_demo_reports_real_work_from_every_stage_and_rounds_that_advance_the_model_inference_uses()
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
        Assert.All(report.Stages, s => Assert.True(s.Ran, $"stage {s.Name} did not run: {s.Note}"));

        // Rounds: the hub ran one between every two waves, through its HTTP API, with the sites that had data.
        Assert.Equal(settings.Rounds, report.Rounds.Count);
        Assert.Equal(Enumerable.Range(1, settings.Rounds), report.Rounds.Select(r => r.Round));
        Assert.All(report.Rounds, r => Assert.Equal("FedAvg", r.Strategy));
        var aggregated = report.Rounds.Where(r => r.UpdatesAggregated > 0).ToList();
        Assert.True(aggregated.Count > 0, "no round aggregated an update: " + string.Join(" | ", report.Rounds.Select(r => r.Reason)));
        Assert.All(aggregated, r =>
        {
            Assert.NotNull(r.RoundId);
            Assert.Subset(r.InvitedSites.ToHashSet(), r.AggregatedSites.ToHashSet());
            Assert.True(r.LabelsUsed > 0, $"round {r.Round} aggregated updates trained on no label");
            Assert.NotNull(r.GateFigures);
            Assert.True(r.GateFigures!.ValidationCases > 0, $"round {r.Round}'s gate had no validation case: {r.Reason}");
        });
        // The model version advanced through a published round, and every site's inference then predicted with it.
        var published = report.Rounds.Where(r => r.PublishedVersion is not null).ToList();
        Assert.True(published.Count > 0, "no round published a version: " + string.Join(" | ", report.Rounds.Select(r => r.Reason)));
        Assert.All(published, r => Assert.Equal("published", r.Gate));
        Assert.True(report.Rounds[^1].ModelVersion > 1, "the model version never advanced");
        var first = published[0];
        var after = report.Waves[first.Round];
        Assert.True(after.PredictionsByModelVersion.GetValueOrDefault(first.PublishedVersion!.Value) > 0,
            $"wave {first.Round + 1} after round {first.Round} made no prediction with v{first.PublishedVersion}: " +
            string.Join(", ", after.PredictionsByModelVersion.Select(kv => $"v{kv.Key}: {kv.Value}")));
        Assert.DoesNotContain(1, after.PredictionsByModelVersion.Keys);
        Assert.NotNull(report.FinalHeldOutMetric);
        Assert.Equal(report.Rounds[^1].HeldOutMetric, report.FinalHeldOutMetric);

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
