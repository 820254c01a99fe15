using FedBus.Contracts;
using FedBus.Training.Jobs;
using FedBus.Training.Tests.Support;

namespace FedBus.Training.Tests;

/// <summary>A host that stops mid-training (as a crash does: no result, the job left Running) and a host that restarts on its data.</summary>
public sealed class RecoveryTests : IDisposable
{
    /// <summary>Long enough that a run is still training when the test stops its host; the restarted run trains it all.</summary>
    private const int LongEpochs = 40;

    private static readonly Dictionary<string, string?> NoEarlyStop = new() { ["FedBus:Training:Patience"] = "100000" };

    private readonly string _data = Directory.CreateTempSubdirectory("fedbus-training-").FullName;

    [Fact]
    public async Task A_host_stopped_mid_training_leaves_no_update_and_the_restarted_site_trains_the_round_once()
    {
        var roundId = Guid.NewGuid();
        var jobId = TrainingIds.RoundJob(roundId, TrainingHost.SiteId);
        await using (var first = new TrainingHost(_data, NoEarlyStop))
        {
            for (var seed = 1; seed <= 8; seed++) await first.AcceptAsync(seed);
            await first.WaitForDatasetAsync(d => (int)d["train"]! + (int)d["validation"]! == 8);
            await first.PublishAsync(Rounds.Started(roundId, Rounds.InitialWeights(), Rounds.Settings(localEpochs: LongEpochs)));
            await first.WaitForJobAsync(jobId, j => j.State == JobState.Running);
        }

        await using var second = new TrainingHost(_data, NoEarlyStop);
        var update = await second.Events.WaitForAsync<ModelUpdateSubmitted>(u => u.RoundId == roundId, TimeSpan.FromMinutes(3));
        var job = await second.WaitForJobAsync(jobId, j => j.State == JobState.Completed);
        // The stopped run committed nothing (else the job would be Completed at attempt 1 with its entry in the outbox).
        Assert.Equal(2, job.Attempts);
        Assert.Equal(LongEpochs, update.LocalEpochs);
        Assert.Equal(TrainingIds.Update(roundId, TrainingHost.SiteId), update.MessageId);
        Assert.Equal(1, await OutboxCounts.OfAsync<ModelUpdateSubmitted>(second.Outbox));
    }

    [Fact]
    public async Task A_stopped_run_whose_deadline_has_passed_is_abandoned_at_restart_without_an_update()
    {
        var roundId = Guid.NewGuid();
        var jobId = TrainingIds.RoundJob(roundId, TrainingHost.SiteId);
        // The deadline is far enough ahead that the first host surely starts the run, however loaded the machine.
        var started = Rounds.Started(roundId, Rounds.InitialWeights(), Rounds.Settings(localEpochs: LongEpochs), deadline: TimeSpan.FromMinutes(10));
        await using (var first = new TrainingHost(_data, NoEarlyStop))
        {
            for (var seed = 1; seed <= 8; seed++) await first.AcceptAsync(seed);
            await first.WaitForDatasetAsync(d => (int)d["train"]! + (int)d["validation"]! == 8);
            await first.PublishAsync(started);
            await first.WaitForJobAsync(jobId, j => j.State == JobState.Running);
        }

        // The restart happens an hour later, after the round's deadline.
        await using var second = new TrainingHost(_data, NoEarlyStop, new ShiftedClock(TimeSpan.FromHours(1)));
        var job = await second.WaitForJobAsync(jobId, j => j.State == JobState.Abandoned);
        Assert.Equal(1, job.Attempts);
        Assert.Contains("deadline has passed", job.Reason, StringComparison.Ordinal);
        Assert.Null(job.ResultMessageId);
        Assert.Equal(0, await OutboxCounts.OfAsync<ModelUpdateSubmitted>(second.Outbox));
    }

    [Fact]
    public async Task Closing_the_round_cancels_its_running_job_and_no_update_is_sent()
    {
        await using var host = new TrainingHost(_data, NoEarlyStop);
        for (var seed = 1; seed <= 8; seed++) await host.AcceptAsync(seed);
        await host.WaitForDatasetAsync(d => (int)d["train"]! + (int)d["validation"]! == 8);
        var roundId = Guid.NewGuid();
        var jobId = TrainingIds.RoundJob(roundId, TrainingHost.SiteId);
        await host.PublishAsync(Rounds.Started(roundId, Rounds.InitialWeights(), Rounds.Settings(localEpochs: 2000)));
        await host.WaitForJobAsync(jobId, j => j.State == JobState.Running);

        await host.PublishAsync(new TrainingRoundClosed(Guid.NewGuid(), DateTimeOffset.UtcNow, roundId, 1, TrainingHost.ModelId, RoundOutcome.TimedOut,
            "deadline", [], [], null));
        var job = await host.WaitForJobAsync(jobId, j => j.State == JobState.Cancelled);
        Assert.Contains("closed round", job.Reason, StringComparison.Ordinal);

        // The worker runs one job at a time: a validation job completing shows it has let go of the cancelled one.
        var validate = Validations.Request(Guid.NewGuid(), Rounds.InitialWeights(), candidateVersion: 2, currentVersion: 1);
        await host.PublishAsync(validate);
        try
        {
            await host.Events.WaitForAsync<CandidateModelValidated>(v => v.RoundId == validate.RoundId, TimeSpan.FromMinutes(2));
        }
        catch (TimeoutException e)
        {
            var jobs = await host.Store.Jobs.FindAsync(FedBus.ServiceDefaults.Storage.DocumentFilter.All);
            throw new TimeoutException(e.Message + " Jobs: " + string.Join("; ", jobs.Select(j => $"{j.Document.Kind} {j.Document.State} {j.Document.Attempts} {j.Document.Reason}")));
        }
        Assert.Equal(0, await OutboxCounts.OfAsync<ModelUpdateSubmitted>(host.Outbox));
        Assert.Empty(host.Events.Of<ModelUpdateSubmitted>());
        Assert.Equal(JobState.Cancelled, (await host.Store.Jobs.GetAsync(jobId))!.Document.State);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
            // LiteDB may still hold its file for a moment.
        }
    }
}
