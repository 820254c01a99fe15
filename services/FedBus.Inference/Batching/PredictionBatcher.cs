using System.Collections.Concurrent;
using System.Diagnostics;
using FedBus.Imaging.Input;
using FedBus.Inference.Models;
using FedBus.Learning.Cases;
using FedBus.Learning.Predictions;
using FedBus.Learning.Signals;
using Microsoft.Extensions.Logging;

namespace FedBus.Inference.Batching;

/// <summary>
/// Gathers images of one task from all studies being consumed into shared forward passes: the first image waits at
/// most <see cref="InferenceTaskOptions.MaxBatchWait"/> for up to <see cref="InferenceTaskOptions.MaxBatchSize"/> − 1
/// others, then the batch runs on its own thread (not the thread pool, not a message thread) on the model that is
/// current when it starts — held by a lease, so a swap during the batch does not disturb it. Callers await their
/// image's <see cref="BatchResult"/>. Nothing here outlives the process: a replica crash loses only unacknowledged
/// deliveries, which the broker redelivers.
/// </summary>
public sealed class PredictionBatcher : IDisposable
{
    private readonly ModelSlot slot;
    private readonly ILogger logger;
    private readonly BlockingCollection<Request> queue = new();
    private readonly CancellationTokenSource stopping = new();
    private readonly Thread thread;
    private long batches;
    private long images;

    public PredictionBatcher(ModelSlot slot, ILogger logger)
    {
        this.slot = slot;
        this.logger = logger;
        thread = new Thread(Run) { IsBackground = true, Name = $"inference-batcher:{slot.TaskName}" };
        thread.Start();
    }

    /// <summary>Batches run so far (each is <see cref="ImageAnalyzer.ForwardPassesPerBatch"/> forward passes).</summary>
    public long Batches => Interlocked.Read(ref batches);

    /// <summary>Images predicted so far.</summary>
    public long Images => Interlocked.Read(ref images);

    public Task<BatchResult> SubmitAsync(ImageSlice image, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(image);
        var request = new Request(image, new TaskCompletionSource<BatchResult>(TaskCreationOptions.RunContinuationsAsynchronously), cancellationToken);
        if (cancellationToken.CanBeCanceled)
            request.Registration = cancellationToken.Register(static r => ((Request)r!).Completion.TrySetCanceled(), request);
        try
        {
            queue.Add(request, cancellationToken);
        }
        catch (InvalidOperationException)
        {
            throw new ObjectDisposedException(nameof(PredictionBatcher), "The inference service is stopping.");
        }
        return request.Completion.Task;
    }

    public void Dispose()
    {
        queue.CompleteAdding();
        stopping.Cancel();
        thread.Join(TimeSpan.FromSeconds(30));
        while (queue.TryTake(out var left)) left.Completion.TrySetCanceled();
        stopping.Dispose();
    }

    private void Run()
    {
        var options = slot.Options;
        var batch = new List<Request>(options.MaxBatchSize);
        while (!queue.IsCompleted)
        {
            try
            {
                if (!queue.TryTake(out var first, Timeout.Infinite, stopping.Token)) continue;
                batch.Add(first);
                var deadline = Stopwatch.GetTimestamp() + (long)(options.MaxBatchWait.TotalSeconds * Stopwatch.Frequency);
                while (batch.Count < options.MaxBatchSize)
                {
                    var remaining = (deadline - Stopwatch.GetTimestamp()) * 1000 / Stopwatch.Frequency;
                    if (remaining <= 0 || !queue.TryTake(out var next, (int)remaining, stopping.Token)) break;
                    batch.Add(next);
                }
            }
            catch (OperationCanceledException)
            {
                break;
            }
            catch (InvalidOperationException)
            {
                break; // completed while waiting
            }
            RunBatch(batch);
            batch.Clear();
        }
        foreach (var left in batch) left.Completion.TrySetCanceled();
    }

    private void RunBatch(List<Request> batch)
    {
        batch.RemoveAll(r =>
        {
            var gone = r.Completion.Task.IsCompleted || r.CancellationToken.IsCancellationRequested;
            if (gone) r.Dispose();
            return gone;
        });
        if (batch.Count == 0) return;
        using var lease = slot.Acquire();
        if (lease is null)
        {
            foreach (var r in batch)
                r.Complete(BatchResult.Failed(InputSkipCodes.NoModel, $"No model has been published for task {slot.TaskName} ({slot.Options.ModelId}) yet."));
            return;
        }
        var model = lease.Model;
        try
        {
            var analyzed = ImageAnalyzer.Analyze(model.Model, batch.Select(r => r.Image).ToList(),
                new PredictionOptions(McPasses: slot.Options.McPasses, Seed: 0, BatchSize: batch.Count));
            Interlocked.Increment(ref batches);
            Interlocked.Add(ref images, batch.Count);
            for (var i = 0; i < batch.Count; i++)
            {
                var assessment = TriageAssessor.Assess(analyzed[i], model.Profile, model.Model.Spec.Classes, model.Record.Labels.ClassNames);
                batch[i].Complete(BatchResult.Predicted(analyzed[i], assessment, model.Record));
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            InferenceLog.BatchFailed(logger, e, slot.TaskName, batch.Count);
            foreach (var r in batch)
                r.Complete(BatchResult.Failed(InputSkipCodes.ModelError, $"Model {model.Record.ModelId} version {model.Record.ModelVersion} failed on this image: {e.Message}"));
        }
    }

    private sealed class Request(ImageSlice image, TaskCompletionSource<BatchResult> completion, CancellationToken cancellationToken) : IDisposable
    {
        public ImageSlice Image { get; } = image;
        public TaskCompletionSource<BatchResult> Completion { get; } = completion;
        public CancellationToken CancellationToken { get; } = cancellationToken;
        public CancellationTokenRegistration Registration { get; set; }

        public void Complete(BatchResult result)
        {
            Completion.TrySetResult(result);
            Dispose();
        }

        public void Dispose() => Registration.Dispose();
    }
}
