using System.Security.Cryptography;
using FedBus.Contracts;
using FedBus.Learning;
using FedBus.Learning.Profiles;
using FedBus.Learning.Weights;
using FedBus.Training.Jobs;
using FedBus.Training.Tests.Support;

namespace FedBus.Training.Tests;

public sealed class RoundJobTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("fedbus-training-").FullName;

    [Fact]
    public async Task A_round_job_trains_on_every_case_and_submits_one_update_whose_validation_metric_is_the_models_score()
    {
        await using var host = new TrainingHost(_data);
        for (var seed = 1; seed <= 12; seed++) await host.AcceptAsync(seed);
        var dataset = await host.WaitForDatasetAsync(d => (int)d["train"]! + (int)d["validation"]! == 12);
        var validationCases = (int)dataset["validation"]!;
        Assert.InRange(validationCases, 1, 11);

        var initial = Rounds.InitialWeights();
        var roundId = Guid.NewGuid();
        await host.PublishAsync(Rounds.Started(roundId, initial, Rounds.Settings(localEpochs: 6)));
        var update = await host.Events.WaitForAsync<ModelUpdateSubmitted>(u => u.RoundId == roundId);

        Assert.Equal(TrainingIds.Update(roundId, TrainingHost.SiteId), update.MessageId);
        Assert.Equal(TrainingHost.SiteId, update.SiteId);
        Assert.Equal(1, update.BaseModelVersion);
        Assert.Equal(12 - validationCases, update.TrainingSamples);
        Assert.Equal(validationCases, update.ValidationSamples);
        var file = update.Weights.Inline!;
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(file)), update.Weights.WeightsSha256);
        var shipped = SafeTensors.Read(file).Weights;
        var trained = TrainingProfile.Strip(shipped);
        var start = SafeTensors.Read(initial).Weights;
        Assert.True(trained.HasSameLayout(start));
        // The image profile of the training cases travels with the weights.
        var profile = TrainingProfile.ReadFrom(shipped);
        Assert.NotNull(profile);
        Assert.Equal(12 - validationCases, profile.Image.Count);
        var metricsByName = update.Metrics.ToDictionary(m => m.Name, m => m.Value);
        // An epoch beat the starting weights (else the trainer keeps them and the update would equal the base).
        Assert.True(metricsByName["best-epoch"] > 0, $"best epoch {metricsByName["best-epoch"]}");
        Assert.False(trained.ContentEquals(start));

        // The metrics are the models' scores on the site's validation pool: recompute both here.
        var pool = await host.ValidationPoolAsync();
        Assert.Equal(validationCases, pool.Count);
        using var model = ModelSpec.Parse(TrainingHost.Architecture).CreateModel(1);
        model.ImportWeights(start);
        var before = model.Evaluate(pool);
        model.ImportWeights(trained);
        var after = model.Evaluate(pool);
        var metrics = update.Metrics.ToDictionary(m => m.Name, m => m.Value);
        Assert.Equal(before, metrics["validation-dice-before"], 6);
        Assert.Equal(after, metrics["validation-dice-after"], 6);
        Assert.True(metrics["train-loss"] > 0);
        Assert.Equal(12, metrics["new-cases"]); // the site's first round: every case is new

        var job = await host.WaitForJobAsync(TrainingIds.RoundJob(roundId, TrainingHost.SiteId), j => j.State == JobState.Completed);
        Assert.Equal(1, job.Attempts);
        Assert.Equal(update.MessageId, job.ResultMessageId);
        Assert.Equal(1, await OutboxCounts.OfAsync<ModelUpdateSubmitted>(host.Outbox));
        // The round's cases are no longer new for the next one.
        Assert.Equal(0, (int)(await host.DatasetAsync())["newSinceLastRound"]!);
    }

    [Fact]
    public async Task A_redelivered_or_republished_round_records_one_job_and_trains_once()
    {
        await using var host = new TrainingHost(_data);
        for (var seed = 1; seed <= 8; seed++) await host.AcceptAsync(seed);
        await host.WaitForDatasetAsync(d => (int)d["train"]! + (int)d["validation"]! == 8);

        var roundId = Guid.NewGuid();
        var started = Rounds.Started(roundId, Rounds.InitialWeights(), Rounds.Settings(localEpochs: 2));
        var republished = started with { MessageId = Guid.NewGuid() };
        await host.PublishAsync(started);
        await host.PublishAsync(started);
        await host.PublishAsync(republished);

        var jobId = TrainingIds.RoundJob(roundId, TrainingHost.SiteId);
        var job = await host.WaitForJobAsync(jobId, j => j.State == JobState.Completed && j.CopiesSeen.Count == 2);
        await host.Events.WaitForAsync<ModelUpdateSubmitted>(u => u.RoundId == roundId);

        Assert.Equal(1, job.Attempts);
        Assert.Equal(new[] { started.MessageId, republished.MessageId }.Order(), job.CopiesSeen.Order());
        Assert.Single(await host.Store.Jobs.FindAsync(FedBus.ServiceDefaults.Storage.DocumentFilter.All));
        Assert.Equal(1, await OutboxCounts.OfAsync<ModelUpdateSubmitted>(host.Outbox));
        Assert.Single(host.Events.Of<ModelUpdateSubmitted>());
    }

    [Fact]
    public async Task A_round_whose_training_diverges_sends_the_weights_kept_before_it_and_names_the_epoch()
    {
        // A rate this large overflows float32 within a few steps (where exactly depends on the round's seed).
        await using var host = new TrainingHost(_data, new Dictionary<string, string?> { ["FedBus:Training:LearningRate"] = "1e30" });
        for (var seed = 1; seed <= 8; seed++) await host.AcceptAsync(seed);
        await host.WaitForDatasetAsync(d => (int)d["train"]! + (int)d["validation"]! == 8);
        var initial = Rounds.InitialWeights();
        var roundId = Guid.NewGuid();

        await host.PublishAsync(Rounds.Started(roundId, initial, Rounds.Settings(localEpochs: 3)));
        var update = await host.Events.WaitForAsync<ModelUpdateSubmitted>(u => u.RoundId == roundId);

        var metrics = update.Metrics.ToDictionary(m => m.Name, m => m.Value);
        var divergedAt = metrics["diverged-at-epoch"];
        Assert.InRange(divergedAt, 1, 3);
        Assert.Equal(divergedAt - 1, metrics["epochs"]);
        Assert.Equal(divergedAt - 1, update.LocalEpochs);
        Assert.InRange(metrics["best-epoch"], 0, divergedAt - 1);
        // What went out is an epoch's weights from before the divergence (the starting ones when none beat them): numbers.
        var shipped = TrainingProfile.Strip(SafeTensors.Read(update.Weights.Inline!).Weights);
        Assert.All(shipped.Values.Where(w => w.DType == WeightDType.F32), w => Assert.All(w.Values, v => Assert.True(float.IsFinite(v))));
        Assert.Equal(metrics["best-epoch"] == 0, shipped.ContentEquals(SafeTensors.Read(initial).Weights));
        var job = await host.WaitForJobAsync(TrainingIds.RoundJob(roundId, TrainingHost.SiteId), j => j.State == JobState.Completed);
        Assert.Equal(1, job.Attempts);
    }

    [Fact]
    public async Task A_round_that_does_not_invite_the_site_records_no_job()
    {
        await using var host = new TrainingHost(_data);
        var other = Rounds.Started(Guid.NewGuid(), Rounds.InitialWeights(), Rounds.Settings(), invited: ["site-elsewhere"]);
        var invited = Rounds.Started(Guid.NewGuid(), Rounds.InitialWeights(), Rounds.Settings());
        await host.PublishAsync(other);
        await host.PublishAsync(invited);
        // The invited round's job is the positive control: it exists, the other round's does not.
        await host.WaitForJobAsync(TrainingIds.RoundJob(invited.RoundId, TrainingHost.SiteId), _ => true);
        Assert.Null(await host.Store.Jobs.GetAsync(TrainingIds.RoundJob(other.RoundId, TrainingHost.SiteId)));
        // Without any case to train on, the invited job fails with a reason and sends nothing.
        var job = await host.WaitForJobAsync(TrainingIds.RoundJob(invited.RoundId, TrainingHost.SiteId), j => j.State == JobState.Failed);
        Assert.Contains("no training case", job.Reason, StringComparison.Ordinal);
        Assert.Equal(0, await OutboxCounts.OfAsync<ModelUpdateSubmitted>(host.Outbox));
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
