using FedBus.Contracts;
using FedBus.QualityControl.Rules;
using FedBus.QualityControl.Service;
using FedBus.ServiceDefaults.Storage;
using Microsoft.Extensions.DependencyInjection;
using FedBus.QualityControl.Statistics;
using static FedBus.QualityControl.Tests.Samples;

namespace FedBus.QualityControl.Tests.Service;

/// <summary>SiteStatisticsReported after N verdicts and on a timer, with small cells sent as 0.</summary>
public sealed class QcStatisticsReportTests
{
    [Fact]
    public async Task A_report_follows_every_third_verdict_with_cells_below_two_sent_as_zero()
    {
        await using var host = new ConfiguredHost(new Dictionary<string, string?>
        {
            ["FedBus:QualityControl:ReportEveryVerdicts"] = "3",
            ["FedBus:QualityControl:MinimumCellCount"] = "2",
        });
        await ((IAsyncLifetime)host).InitializeAsync();

        await host.SubmitAsync(Submissions.For(Guid.NewGuid(), "dr-a", Class(1), TaskKind.Classification, FiveClasses, modelId: "stats-model"), Class(1));
        await host.SubmitAsync(Submissions.For(Guid.NewGuid(), "dr-a", Class(1), TaskKind.Classification, FiveClasses, modelId: "stats-model"), Class(1));
        await host.SubmitAsync(Submissions.For(Guid.NewGuid(), "dr-a", Class(11), TaskKind.Classification, FiveClasses, modelId: "stats-model"), Class(11));

        var report = await host.Events.WaitForAsync<SiteStatisticsReported>(r => r.ModelId == "stats-model");

        Assert.Equal(QcIds.StatisticsReport(QcHost.SiteId, "stats-model", 1), report.MessageId);
        Assert.Equal(QcHost.SiteId, report.SiteId);
        Assert.Equal(2, report.MinimumCellCount);
        Assert.Equal([new ClassCount(1, 2)], report.AcceptedClassCounts);
        var counts = report.Counts.ToDictionary(c => c.Name, c => c.Value);
        Assert.Equal(3, counts[StatisticsNames.Reviewed]);
        Assert.Equal(2, counts[StatisticsNames.Accepted]);
        Assert.Equal(2, counts[StatisticsNames.NewAcceptedCases]);
        Assert.Equal(0, counts[StatisticsNames.Rejected]);
        Assert.Equal(0, counts[StatisticsNames.RejectedPrefix + QcCodes.ClassOutOfRange]);
    }

    [Fact]
    public async Task A_changed_site_is_reported_on_the_timer_without_waiting_for_n_verdicts()
    {
        await using var host = new ConfiguredHost(new Dictionary<string, string?>
        {
            ["FedBus:QualityControl:ReportInterval"] = "00:00:02",
            ["FedBus:QualityControl:MinimumCellCount"] = "1",
        });
        await ((IAsyncLifetime)host).InitializeAsync();

        await host.SubmitAsync(Submissions.For(Guid.NewGuid(), "dr-a", Class(3), TaskKind.Classification, FiveClasses, modelId: "timer-model"), Class(3));

        var report = await host.Events.WaitForAsync<SiteStatisticsReported>(r => r.ModelId == "timer-model");
        Assert.Equal([new ClassCount(3, 1)], report.AcceptedClassCounts);
    }

    [Fact]
    public async Task Studies_received_and_tasks_opened_reach_the_report_counted_once_each()
    {
        await using var host = new ConfiguredHost(new Dictionary<string, string?>
        {
            ["FedBus:QualityControl:ReportInterval"] = "00:00:02",
            ["FedBus:QualityControl:MinimumCellCount"] = "1",
        });
        await ((IAsyncLifetime)host).InitializeAsync();

        // Two studies, the first announced twice (more instances arrived): two studies. Three tasks, one delivered twice.
        await host.PublishAsync(Study("1.2.826.0.1.3680043.10.99.501"));
        await host.PublishAsync(Study("1.2.826.0.1.3680043.10.99.501"));
        await host.PublishAsync(Study("1.2.826.0.1.3680043.10.99.502"));
        var opened = Enumerable.Range(0, 3).Select(_ => Submissions.Opened(Guid.NewGuid(), "activity-model", TaskKind.Classification, FiveClasses)).ToList();
        foreach (var task in opened.Append(opened[0])) await host.PublishAsync(task);

        var report = await host.Events.WaitForAsync<SiteStatisticsReported>(r => r.ModelId == "activity-model"
            && r.Counts.Any(c => c.Name == StatisticsNames.TasksOpened && c.Value == 3)
            && r.Counts.Any(c => c.Name == StatisticsNames.StudiesReceived && c.Value == 2));
        Assert.Equal(QcHost.SiteId, report.SiteId);
        Assert.Empty(report.AcceptedClassCounts);
        var stored = await host.Services.GetRequiredService<QcStore>().Activity.CountAsync(DocumentFilter.Eq("folded", true));
        Assert.Equal(5, stored);
    }

    private static StudyReceived Study(string uid) =>
        new(Guid.NewGuid(), DateTimeOffset.UtcNow, QcHost.SiteId, uid, null, "PACS",
            [new ReceivedSeries(uid + ".1", "MR", null, null, [new ReceivedInstance(uid + ".1.1", "1.2.840.10008.5.1.4.1.1.4", "1.2.840.10008.1.2.1", new string('d', 64), 100, 4, 4, 1, null)])]);

    private sealed class ConfiguredHost(IDictionary<string, string?> settings) : QcHost(settings);
}
