using System.Net.Http.Json;
using FedBus.Inference.Http;
using FedBus.Inference.Tests.Support;
using FedBus.Testing;

namespace FedBus.Inference.Tests;

/// <summary>
/// Two replicas of the service on one RabbitMQ virtual host, sharing the site's store and blobs: they compete for the
/// studies, and a model publication consumed by one of them is served by both (the other loads it from the store).
/// </summary>
[Collection(ModelsCollection.Name)]
public sealed class ReplicasOverRabbitMqTests(TrainedModels models, RabbitMqVirtualHost broker) : IClassFixture<RabbitMqVirtualHost>, IDisposable
{
    private readonly TempDirectory shared = new();

    [Fact]
    public async Task Two_replicas_share_the_studies_and_both_serve_a_model_that_only_one_of_them_received()
    {
        var settings = new Dictionary<string, string>(broker.Settings) { ["FedBus__Bus__PrefetchCount"] = "1" };
        await using var a = new InferenceHost(settings, sharedData: shared.Path);
        await using var b = new InferenceHost(settings, sharedData: shared.Path);
        _ = a.Services;
        _ = b.Services;

        var publication = models.ClassifierPublication(1, 1);
        await a.Bus.Publish(publication);
        await a.Bus.Publish(models.SegmenterPublication(1, 1));
        var studies = new List<string>();
        // Each replica refreshes from the store before a study; wait until one of them has adopted each model.
        foreach (var task in new[] { "brain-level", "brain-extraction" })
            await WaitAsync(async () => ((await Current(a, task)) ?? (await Current(b, task))) is not null, $"a replica to adopt the {task} model");
        for (var i = 0; i < 8; i++)
        {
            var uid = TestDicom.NewUid();
            studies.Add(uid);
            await a.Bus.Publish(await a.StudyAsync(uid, ("MR", TestDicom.MrSlice(50 + i, uid))));
        }

        // Both hosts' recorders compete for the events too: count them together.
        bool AllIn() => studies.All(s => a.Events.CompletedOf(s).Count + b.Events.CompletedOf(s).Count == 2);
        await WaitAsync(() => Task.FromResult(AllIn()), "16 predictions");

        var completed = a.Events.Completed.Concat(b.Events.Completed).Where(c => studies.Contains(c.Image.StudyInstanceUid)).ToList();
        Assert.Equal(16, completed.Select(c => c.PredictionId).Distinct().Count());
        Assert.All(completed, c => Assert.Equal(1, c.ModelVersion));
        var batchedA = await Batched(a);
        var batchedB = await Batched(b);
        Assert.True(batchedA > 0 && batchedB > 0, $"replica A predicted {batchedA} images, replica B {batchedB}");
        Assert.Equal(16, batchedA + batchedB);
    }

    public void Dispose() => shared.Dispose();

    private static async Task<CurrentModelView?> Current(InferenceHost host, string task) =>
        (await host.CreateClient().GetFromJsonAsync<List<ModelView>>("/inference/models", InferenceHost.Json))!.Single(m => m.Task == task).Current;

    private static async Task<long> Batched(InferenceHost host) =>
        (await host.CreateClient().GetFromJsonAsync<List<BatchingView>>("/inference/batching", InferenceHost.Json))!.Sum(v => v.Images);

    private static async Task WaitAsync(Func<Task<bool>> done, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (!await done())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Not seen: {what}.");
            await Task.Delay(100);
        }
    }
}
