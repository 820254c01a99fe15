using FedBus.AnnotationRequest.Tasks;
using FedBus.AnnotationRequest.Tests.Support;
using FedBus.AnnotationRequest.Worklist;
using FedBus.Contracts;
using FedBus.Imaging.Labels;

namespace FedBus.AnnotationRequest.Tests.Tasks;

/// <summary>The lifecycle through the service: the store, the sweep over stored deadlines, the bus, a restart.</summary>
public sealed class StoredLifecycleTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private AnnotationHost Host(params (string Key, string Value)[] settings) =>
        new(_folder.Path, settings.ToDictionary(s => s.Key, s => s.Value));

    [Fact]
    public async Task A_lapsed_lease_is_expired_by_the_sweep_published_and_the_task_offered_again()
    {
        using var host = Host();
        var created = await host.OpenTaskAsync();
        var a = host.Reader("dr-a");
        await a.ClaimedAsync(created.TaskId);

        host.Clock.Advance(TimeSpan.FromMinutes(29));
        Assert.Equal((0, 0), await host.SweepAsync());
        host.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal((1, 0), await host.SweepAsync());

        var expired = await host.Published.WaitForAsync<AnnotationTaskExpired>(e => e.TaskId == created.TaskId);
        Assert.Equal(("dr-a", TaskLifecycle.ExpiredLease), (expired.ReaderId, expired.Reason));
        Assert.Equal(ReaderViews.Available, Assert.Single((await host.Reader("dr-b").WorklistAsync()).Items).ReaderState);
        // The reader who lost the lease must claim again before submitting.
        var late = await a.SubmitAsync(created.TaskId, Labels.MaskPng(8, 6), LabelMediaTypes.MaskPng);
        Assert.Equal((409, TaskRules.NotHolder), await late.StatusAndCodeAsync());
        await host.Reader("dr-b").ClaimedAsync(created.TaskId);
    }

    [Fact]
    public async Task A_claim_and_its_deadline_survive_a_restart()
    {
        Guid taskId;
        using (var before = Host())
        {
            taskId = (await before.OpenTaskAsync()).TaskId;
            await before.Reader("dr-a").ClaimedAsync(taskId);
        }

        using var after = Host();
        var view = await after.Reader("dr-a").TaskAsync(taskId);
        Assert.Equal(ReaderViews.Claimed, view.ReaderState);
        Assert.Equal(AnnotationHost.Start.AddMinutes(30), view.MyRead!.LeaseUntil);

        after.Clock.Advance(TimeSpan.FromMinutes(31));
        Assert.Equal((1, 0), await after.SweepAsync());
        await after.Published.WaitForAsync<AnnotationTaskExpired>(e => e.TaskId == taskId);
        Assert.Equal(AnnotationTaskStatus.Open, (await after.TaskAsync(taskId))!.Status);
    }

    [Fact]
    public async Task A_lease_that_lapsed_while_the_service_was_down_is_expired_by_the_first_sweep_after_restart()
    {
        Guid taskId;
        using (var before = Host())
        {
            taskId = (await before.OpenTaskAsync()).TaskId;
            await before.Reader("dr-a").ClaimedAsync(taskId);
        }

        using var after = Host();
        after.Clock.Advance(TimeSpan.FromHours(2));
        await after.Sweeper.FirstSweep.WaitAsync(TimeSpan.FromSeconds(30));

        var expired = await after.Published.WaitForAsync<AnnotationTaskExpired>(e => e.TaskId == taskId);
        Assert.Equal("dr-a", expired.ReaderId);
        Assert.Equal(AnnotationTaskStatus.Open, (await after.TaskAsync(taskId))!.Status);
    }

    [Fact]
    public async Task The_background_sweep_expires_leases_as_the_clock_moves()
    {
        using var host = Host(("FedBus:AnnotationRequest:SweepInterval", "00:01:00"));
        var created = await host.OpenTaskAsync();
        await host.Reader("dr-a").ClaimedAsync(created.TaskId);

        // No test-driven sweep: the hosted sweeper's timer runs on the fake clock, which moves a minute per poll.
        var give = DateTime.UtcNow.AddSeconds(30);
        while (!host.Published.All<AnnotationTaskExpired>().Any(e => e.TaskId == created.TaskId))
        {
            Assert.True(DateTime.UtcNow < give, $"No expiry after the clock moved to {host.Clock.GetUtcNow():t}.");
            host.Clock.Advance(TimeSpan.FromMinutes(1));
            await Task.Delay(20);
        }
        Assert.True(host.Clock.GetUtcNow() >= AnnotationHost.Start.AddMinutes(30));
    }

    [Fact]
    public async Task An_audit_sample_takes_two_independent_readers_before_qc()
    {
        using var host = Host(("FedBus:AnnotationRequest:Triage:AuditRate", "1"));
        var result = await host.PredictionAsync(triageScore: 0.05);
        await host.PublishAsync(result);
        var created = await host.Published.WaitForAsync<AnnotationTaskCreated>(c => c.PredictionId == result.PredictionId);
        Assert.Equal((true, 2, "audit-sample"), (created.IsAuditSample, created.RequiredReads, created.OpenedBecause.Single().Code));
        var a = host.Reader("dr-a");
        var b = host.Reader("dr-b");

        await a.ClaimedAsync(created.TaskId);
        await a.SubmittedAsync(created.TaskId, Labels.MaskPng(8, 6), LabelMediaTypes.MaskPng);
        Assert.Equal((409, TaskRules.AlreadyRead), await (await a.ClaimAsync(created.TaskId)).StatusAndCodeAsync());
        Assert.Empty((await a.WorklistAsync()).Items);
        Assert.Equal(ReaderViews.Available, Assert.Single((await b.WorklistAsync()).Items).ReaderState);
        await b.ClaimedAsync(created.TaskId);
        await b.SubmittedAsync(created.TaskId, Labels.MaskPng(8, 6, fill: 0), LabelMediaTypes.MaskPng);

        var reads = await host.Published.WaitForAsync<AnnotationSubmitted>(s => s.TaskId == created.TaskId && s.ReaderId == "dr-b");
        Assert.Equal((2, 2, true), (reads.ReadNumber, reads.RequiredReads, reads.IsAuditSample));
        Assert.Equal(AnnotationTaskStatus.AwaitingQc, (await host.TaskAsync(created.TaskId))!.Status);
        // dr-b never sees dr-a's label.
        var first = host.Published.All<AnnotationSubmitted>().Single(s => s.ReaderId == "dr-a");
        var peek = await b.GetAsync($"/annotations/tasks/{created.TaskId}/submissions/{first.SubmissionId}/label");
        Assert.Equal((403, "not-your-label"), await peek.StatusAndCodeAsync());
    }

    [Fact]
    public async Task Adjudication_requested_by_qc_opens_the_task_for_a_third_reader_only()
    {
        using var host = Host(("FedBus:AnnotationRequest:Triage:AuditRate", "1"));
        var result = await host.PredictionAsync(triageScore: 0.05);
        await host.PublishAsync(result);
        var created = await host.Published.WaitForAsync<AnnotationTaskCreated>(c => c.PredictionId == result.PredictionId);
        foreach (var reader in new[] { "dr-a", "dr-b" })
        {
            await host.Reader(reader).ClaimedAsync(created.TaskId);
            await host.Reader(reader).SubmittedAsync(created.TaskId, Labels.MaskPng(8, 6), LabelMediaTypes.MaskPng);
        }

        var request = new AnnotationAdjudicationRequested(Guid.NewGuid(), DateTimeOffset.UtcNow, Results.Site, created.TaskId, ["dr-a", "dr-b"],
            [new MetricValue("dice", 0.41)], "The two reads disagree (Dice 0.41 < 0.80).");
        await host.PublishAsync(request);
        await host.PublishAsync(request with { });

        Assert.Empty((await host.Reader("dr-a").WorklistAsync()).Items);
        Assert.Empty((await host.Reader("dr-b").WorklistAsync()).Items);
        var c = host.Reader("dr-c");
        Assert.Equal(3, Assert.Single((await c.WorklistAsync()).Items).RequiredReads);
        await c.ClaimedAsync(created.TaskId);
        await c.SubmittedAsync(created.TaskId, Labels.MaskPng(8, 6), LabelMediaTypes.MaskPng);
        var third = await host.Published.WaitForAsync<AnnotationSubmitted>(s => s.TaskId == created.TaskId && s.ReaderId == "dr-c");
        Assert.Equal((3, 3), (third.ReadNumber, third.RequiredReads));
        Assert.Equal(AnnotationTaskStatus.AwaitingQc, (await host.TaskAsync(created.TaskId))!.Status);
    }

    [Fact]
    public async Task A_redelivered_inference_result_creates_no_second_task()
    {
        using var host = Host();
        var result = await host.PredictionAsync();

        await host.PublishAsync(result);
        await host.PublishAsync(result);
        await host.PublishAsync(result with { });

        var taskId = TaskIds.ForPrediction(result.PredictionId);
        Assert.Single(await host.Store.Tasks.FindAsync(ServiceDefaults.Storage.DocumentFilter.All));
        Assert.Equal(taskId, (await host.Published.WaitForAsync<AnnotationTaskCreated>(c => c.PredictionId == result.PredictionId)).TaskId);
        Assert.Equal(1, await host.OutboxEntriesAsync<AnnotationTaskCreated>());
    }

    [Fact]
    public async Task A_redelivery_after_the_process_died_between_its_effect_and_the_inbox_record_creates_no_second_task()
    {
        using var host = Host();
        var result = await host.PredictionAsync();
        // What a delivery that stored its effect and died before recording it in the inbox leaves behind: the task and its
        // event committed, no inbox entry for the message.
        await host.CommitEffectWithoutInboxAsync(result);
        Assert.Equal(0, await host.InboxEntriesAsync(result.MessageId));

        await host.PublishAsync(result);

        Assert.Single(await host.Store.Tasks.FindAsync(ServiceDefaults.Storage.DocumentFilter.All));
        Assert.Equal(1, await host.OutboxEntriesAsync<AnnotationTaskCreated>());
        Assert.Equal(1, await host.InboxEntriesAsync(result.MessageId));
    }

    [Fact]
    public async Task A_result_of_another_site_opens_nothing()
    {
        using var host = Host();
        var result = await host.PredictionAsync();

        await host.PublishAsync(result with { SiteId = "site-elsewhere" });

        Assert.Empty(await host.Store.Tasks.FindAsync(ServiceDefaults.Storage.DocumentFilter.All));
    }

    [Fact]
    public async Task With_a_daily_budget_results_beyond_the_pace_are_held_and_the_sweep_releases_the_best_as_the_day_goes_on()
    {
        // The budget day starts when the test clock does: at 08:00 only the burst (1) may be spent; an hour later one more.
        using var host = Host(
            ("FedBus:AnnotationRequest:Triage:DailyBudget", "24"),
            ("FedBus:AnnotationRequest:Triage:Burst", "1"),
            ("FedBus:AnnotationRequest:Triage:BudgetDayStart", "08:00:00"));
        var results = new List<InferenceCompleted>();
        foreach (var score in new[] { 0.7, 0.9, 0.8 })
        {
            var r = await host.PredictionAsync(triageScore: score, image: Results.Image(series: $"s{score}"));
            results.Add(r);
            await host.PublishAsync(r);
        }

        var first = await host.Published.WaitForAsync<AnnotationTaskCreated>(_ => true);
        Assert.Equal(results[0].PredictionId, first.PredictionId);
        Assert.Equal(2, (await host.Store.HeldAsync(Results.Model, CancellationToken.None)).Count);
        Assert.Equal((0, 0), await host.SweepAsync());

        host.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal((0, 1), await host.SweepAsync());

        var second = await host.Published.WaitForAsync<AnnotationTaskCreated>(c => c.PredictionId != first.PredictionId);
        Assert.Equal(results[1].PredictionId, second.PredictionId);
        Assert.Equal(0.9, second.Priority, 9);
        Assert.Equal(AnnotationTaskStatus.Held, (await host.TaskAsync(TaskIds.ForPrediction(results[2].PredictionId)))!.Status);
        Assert.Equal(2, (await host.Store.Ledgers.GetAsync($"{Results.Model}/2026-11-30"))!.Document.Opened);
    }

    [Fact]
    public async Task A_holding_window_ranks_the_results_of_the_window_together_before_any_opens()
    {
        using var host = Host(
            ("FedBus:AnnotationRequest:Triage:DailyBudget", "24"),
            ("FedBus:AnnotationRequest:Triage:Burst", "1"),
            ("FedBus:AnnotationRequest:Triage:HoldingWindow", "00:10:00"),
            ("FedBus:AnnotationRequest:Triage:BudgetDayStart", "08:00:00"));
        var weaker = await host.PredictionAsync(triageScore: 0.6, image: Results.Image(series: "a"));
        await host.PublishAsync(weaker);
        host.Clock.Advance(TimeSpan.FromMinutes(5));
        var stronger = await host.PredictionAsync(triageScore: 0.95, image: Results.Image(series: "b"));
        await host.PublishAsync(stronger);

        Assert.Equal((0, 0), await host.SweepAsync());
        host.Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal((0, 1), await host.SweepAsync());

        var opened = await host.Published.WaitForAsync<AnnotationTaskCreated>(_ => true);
        Assert.Equal(stronger.PredictionId, opened.PredictionId);
        Assert.Equal(AnnotationTaskStatus.Held, (await host.TaskAsync(TaskIds.ForPrediction(weaker.PredictionId)))!.Status);
    }

    [Fact]
    public async Task The_diverse_strategy_does_not_open_a_slice_next_to_one_already_open()
    {
        using var host = Host(
            ("FedBus:AnnotationRequest:Triage:Strategy", "Diverse"),
            ("FedBus:AnnotationRequest:Triage:NearDuplicatePenalty", "0"),
            ("FedBus:AnnotationRequest:Triage:MinimumExpectedValue", "0.01"));
        var slice10 = await host.PredictionAsync(image: Results.Image(series: "s", instance: 10));
        var slice11 = await host.PredictionAsync(image: Results.Image(series: "s", instance: 11));
        var slice20 = await host.PredictionAsync(image: Results.Image(series: "s", instance: 20));

        foreach (var r in new[] { slice10, slice11, slice20 }) await host.PublishAsync(r);

        Assert.Equal(AnnotationTaskStatus.Open, (await host.TaskAsync(TaskIds.ForPrediction(slice10.PredictionId)))!.Status);
        var twin = (await host.TaskAsync(TaskIds.ForPrediction(slice11.PredictionId)))!;
        Assert.Equal(AnnotationTaskStatus.NotOpened, twin.Status);
        Assert.Equal("below-minimum-value", twin.Findings.Single().Code);
        Assert.Equal(AnnotationTaskStatus.Open, (await host.TaskAsync(TaskIds.ForPrediction(slice20.PredictionId)))!.Status);
        Assert.Equal(2, await host.OutboxEntriesAsync<AnnotationTaskCreated>());
    }
}
