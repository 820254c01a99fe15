using FedBus.Contracts;
using FedBus.Learning;
using FedBus.Learning.Weights;
using FedBus.Training.Tests.Support;

namespace FedBus.Training.Tests;

public sealed class ValidationJobTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("fedbus-training-").FullName;

    [Fact]
    public async Task A_validation_job_scores_the_candidate_and_the_current_model_on_the_validation_pool_and_sends_only_metrics()
    {
        await using var host = new TrainingHost(_data);
        for (var seed = 1; seed <= 12; seed++) await host.AcceptAsync(seed);
        await host.WaitForDatasetAsync(d => (int)d["train"]! + (int)d["validation"]! == 12);

        var current = Rounds.InitialWeights();
        await host.PublishAsync(Validations.Published(current, version: 1, publication: 1));
        await WaitForCurrentModelAsync(host, 1);
        var candidate = Rounds.TrainedWeights();
        var roundId = Guid.NewGuid();
        await host.PublishAsync(Validations.Request(roundId, candidate, candidateVersion: 2, currentVersion: 1));

        var validated = await host.Events.WaitForAsync<CandidateModelValidated>(v => v.RoundId == roundId);
        Assert.Equal(TrainingIds.Validated(roundId, 2, TrainingHost.SiteId), validated.MessageId);
        Assert.Equal(2, validated.CandidateVersion);
        Assert.Equal(1, validated.CurrentVersion);
        var pool = await host.ValidationPoolAsync();
        Assert.Equal(pool.Count, validated.ValidationCases);
        var candidateDice = Assert.Single(validated.CandidateMetrics);
        var currentDice = Assert.Single(validated.CurrentMetrics);
        Assert.Equal("dice", candidateDice.Name);

        using var model = ModelSpec.Parse(TrainingHost.Architecture).CreateModel(1);
        model.ImportWeights(SafeTensors.Read(candidate).Weights);
        Assert.Equal(model.Evaluate(pool), candidateDice.Value, 6);
        model.ImportWeights(SafeTensors.Read(current).Weights);
        Assert.Equal(model.Evaluate(pool), currentDice.Value, 6);
        // A model trained on phantoms beats an untrained one: the two scores are of different models.
        Assert.True(candidateDice.Value > currentDice.Value, $"candidate {candidateDice.Value}, current {currentDice.Value}");
    }

    [Fact]
    public async Task An_older_publication_arriving_late_does_not_replace_the_current_model()
    {
        await using var host = new TrainingHost(_data);
        var weights = Rounds.InitialWeights();
        await host.PublishAsync(Validations.Published(weights, version: 3, publication: 5));
        await WaitForCurrentModelAsync(host, 3);
        await host.PublishAsync(Validations.Published(weights, version: 2, publication: 4));
        await host.PublishAsync(Validations.Published(weights, version: 4, publication: 6));
        await WaitForCurrentModelAsync(host, 4);
        var late = Validations.Published(weights, version: 1, publication: 2);
        await host.PublishAsync(late);
        // The late publication's inbox record is the positive signal that it was consumed.
        await WaitAsync(async () => await host.InboxCompletedAsync<FedBus.Training.Consumers.GlobalModelPublishedConsumer>(late.MessageId));
        Assert.Equal(4, (int)(await host.GetJsonAsync("/training/models")).AsArray().Single()!["modelVersion"]!);
    }

    private static async Task WaitForCurrentModelAsync(TrainingHost host, int version) =>
        await WaitAsync(async () => (await host.GetJsonAsync("/training/models")).AsArray().Any(m => (int)m!["modelVersion"]! == version));

    private static async Task WaitAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The condition did not hold within 30 s.");
            await Task.Delay(50);
        }
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
