using FedBus.Contracts;
using FedBus.Imaging.Input;
using FedBus.Inference.Batching;
using FedBus.Inference.Models;
using FedBus.Inference.Tests.Support;
using FedBus.Learning;
using FedBus.Learning.Cases;
using FedBus.Learning.Signals;
using Microsoft.Extensions.Logging.Abstractions;
using TaskKind = FedBus.Contracts.TaskKind;

namespace FedBus.Inference.Tests;

/// <summary>The batcher with real TorchSharp models: shared forward passes, swaps under load, no model yet.</summary>
[Collection(ModelsCollection.Name)]
public sealed class BatcherTests(TrainedModels models)
{
    [Fact]
    public async Task Images_submitted_together_by_different_callers_share_forward_passes()
    {
        var slot = Slot(maxBatch: 8, wait: TimeSpan.FromSeconds(5));
        slot.Offer(Load(version: 1, publication: 1));
        using var batcher = new PredictionBatcher(slot, NullLogger.Instance);

        // Sixteen callers (as sixteen studies would), all queued within the first image's wait.
        var results = await Task.WhenAll(models.Train.Take(16).Select(c => batcher.SubmitAsync(c.Image, CancellationToken.None)));

        Assert.All(results, r => Assert.NotNull(r.Analyzed));
        Assert.Equal(16, batcher.Images);
        Assert.Equal(2, batcher.Batches);
        // Each caller got the answer for its own image.
        using var reference = models.ClassifierSpec.CreateModel(0);
        reference.ImportWeights(models.ClassifierWeights);
        var expected = reference.Embed(models.Train.Take(16).Select(c => c.Image).ToList());
        Assert.All(Enumerable.Range(0, 16), i => Assert.Equal(expected[i][5], results[i].Analyzed!.Embedding[5], 4));
    }

    [Fact]
    public async Task A_model_swap_under_load_drops_no_image_and_every_result_names_the_model_that_made_it()
    {
        var slot = Slot(maxBatch: 4, wait: TimeSpan.FromMilliseconds(5));
        var first = Load(version: 1, publication: 1);
        slot.Offer(first);
        using var batcher = new PredictionBatcher(slot, NullLogger.Instance);
        var done = 0;
        var swapped = new TaskCompletionSource();

        async Task<List<int>> Caller(int k)
        {
            var versions = new List<int>();
            for (var i = 0; i < 12; i++)
            {
                var result = await batcher.SubmitAsync(models.Train[(k * 12 + i) % models.Train.Count].Image, CancellationToken.None);
                Assert.NotNull(result.Analyzed);
                versions.Add(result.Model!.ModelVersion);
                if (Interlocked.Increment(ref done) == 24) swapped.TrySetResult();
            }
            return versions;
        }

        var callers = Enumerable.Range(0, 6).Select(Caller).ToList();
        await swapped.Task.WaitAsync(TimeSpan.FromMinutes(2));
        Assert.True(slot.Offer(Load(version: 2, publication: 2)));
        var perCaller = await Task.WhenAll(callers);

        var all = perCaller.SelectMany(v => v).ToList();
        Assert.Equal(72, all.Count);
        Assert.Contains(1, all);
        Assert.Contains(2, all);
        // Once a caller has seen the new model it never gets the old one again.
        Assert.All(perCaller, v => Assert.Equal(v.OrderBy(x => x), v));
        // The old model was disposed once its last batch had finished, not before (no result failed).
        Assert.True(first.IsDisposed);
    }

    [Fact]
    public async Task Before_any_publication_an_image_is_answered_with_no_model_not_an_error()
    {
        using var batcher = new PredictionBatcher(Slot(maxBatch: 4, wait: TimeSpan.Zero), NullLogger.Instance);

        var result = await batcher.SubmitAsync(models.Train[0].Image, CancellationToken.None);

        Assert.Null(result.Analyzed);
        Assert.Equal(InputSkipCodes.NoModel, result.FailureCode);
        Assert.Equal(0, batcher.Batches);
    }

    [Fact]
    public void An_older_publication_offered_late_does_not_replace_the_current_model_and_is_released()
    {
        var slot = Slot(maxBatch: 1, wait: TimeSpan.Zero);
        slot.Offer(Load(version: 3, publication: 5));
        var late = Load(version: 4, publication: 4);

        Assert.False(slot.Offer(late));
        Assert.True(late.IsDisposed);
        Assert.Equal(3, slot.Current!.ModelVersion);
        // A rollback is a newer publication of an older version: it wins.
        Assert.True(slot.Offer(Load(version: 2, publication: 6)));
        Assert.Equal(2, slot.Current!.ModelVersion);
    }

    private static ModelSlot Slot(int maxBatch, TimeSpan wait) => new("brain-level", new InferenceTaskOptions
    {
        ModelId = TrainedModels.ClassifierId, Kind = TaskKind.Classification, MaxBatchSize = maxBatch, MaxBatchWait = wait, McPasses = 4,
    });

    private LoadedModel Load(int version, long publication)
    {
        var model = models.ClassifierSpec.CreateModel(0);
        model.ImportWeights(models.ClassifierWeights);
        var record = new ModelRecord(TrainedModels.ClassifierId, models.ClassifierSpec.ArchitectureId, TaskKind.Classification, models.ClassifierLabels,
            version, publication, false, "sha", 0, Guid.NewGuid(), DateTimeOffset.UtcNow, DateTimeOffset.UtcNow);
        return new LoadedModel(record, model, models.ClassifierProfile);
    }
}
