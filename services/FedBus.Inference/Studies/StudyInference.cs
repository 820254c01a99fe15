using System.Collections.Concurrent;
using System.Diagnostics;
using FedBus.Contracts;
using FedBus.Imaging.Input;
using FedBus.Imaging.Labels;
using FedBus.Learning.Imaging;
using FedBus.Inference.Batching;
using FedBus.Inference.Models;
using FedBus.ServiceDefaults;
using FedBus.ServiceDefaults.Blobs;
using FedBus.ServiceDefaults.Instances;
using Microsoft.Extensions.Logging;

namespace FedBus.Inference.Studies;

/// <summary>
/// Runs every configured task on every image of a received study: reads each instance once through the instance
/// source, decodes its frames, sends each frame the task can take to the task's batcher, stores the prediction blob
/// (a label of the task's format at the image's own size) and describes the result. Everything a task cannot take is
/// a skip with its reason — never an exception — so a foreign study neither crashes the service nor loops through
/// retries. Transient failures (the source unreachable, the blob store failing) do throw, for the retry policy.
/// The caller commits the outcome (records and events) as one unit.
/// </summary>
public sealed class StudyInference(
    InferenceTasks tasks, ModelCatalog catalog, IInstanceSource source, IBlobStore blobs, InferenceOptions options,
    FedBusOptions fedBus, TimeProvider time, ILogger<StudyInference> logger)
{
    public async Task<InferenceOutcome> RunAsync(StudyReceived study, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(study);
        var clock = Stopwatch.StartNew();
        await catalog.RefreshAsync(cancellationToken);
        var work = study.Series
            .SelectMany((series, s) => series.Instances.Select((instance, i) => (Order: (s, i), Series: series, Instance: instance)))
            .ToList();
        var results = new ConcurrentBag<((int, int) Order, List<PredictionRecord> Predictions, List<SkipRecord> Skips)>();
        await Parallel.ForEachAsync(work,
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.MaxConcurrentInstances), CancellationToken = cancellationToken },
            async (item, ct) =>
            {
                var (predictions, skips) = await RunInstanceAsync(study, item.Series, item.Instance, ct);
                results.Add((item.Order, predictions, skips));
            });
        var ordered = results.OrderBy(r => r.Order.Item1).ThenBy(r => r.Order.Item2).ToList();
        var outcome = new InferenceOutcome(ordered.SelectMany(r => r.Predictions).ToList(), ordered.SelectMany(r => r.Skips).ToList());
        InferenceLog.StudyDone(logger, study.MessageId, outcome.Predictions.Count, outcome.Skips.Count, clock.ElapsedMilliseconds);
        return outcome;
    }

    private async Task<(List<PredictionRecord>, List<SkipRecord>)> RunInstanceAsync(
        StudyReceived study, ReceivedSeries series, ReceivedInstance instance, CancellationToken cancellationToken)
    {
        var predictions = new List<PredictionRecord>();
        var skips = new List<SkipRecord>();
        void Skip(InferenceTask? task, InputSkip reason) => skips.Add(SkipOf(study, series, instance, task, reason));

        var wanted = new List<InferenceTask>();
        foreach (var task in tasks.All)
        {
            if (task.Policy.CheckModality(series.Modality) is { } wrong) Skip(task, wrong);
            else wanted.Add(task);
        }
        if (wanted.Count == 0) return (predictions, skips);

        byte[] bytes;
        try
        {
            await using var stream = await source.OpenAsync(
                new InstanceLocation(study.StudyInstanceUid, series.SeriesInstanceUid, instance.SopInstanceUid, instance.BlobSha256), cancellationToken);
            using var buffer = new MemoryStream(instance.SizeBytes is > 0 and < int.MaxValue ? (int)instance.SizeBytes : 0);
            await stream.CopyToAsync(buffer, cancellationToken);
            bytes = buffer.GetBuffer().Length == buffer.Length ? buffer.GetBuffer() : buffer.ToArray();
        }
        catch (InstanceNotFoundException e)
        {
            foreach (var task in wanted) Skip(task, new InputSkip(null, InputSkipCodes.InstanceUnavailable, e.Message));
            return (predictions, skips);
        }

        using var opened = InstanceDecoder.Open(bytes);
        if (opened.Skip is { } whole)
        {
            foreach (var task in wanted) Skip(task, whole);
            return (predictions, skips);
        }
        var runnable = new List<InferenceTask>();
        foreach (var task in wanted)
        {
            // The series' modality passed; the instance's own may still differ (a mixed series).
            if (opened.Modality is { Length: > 0 } m && task.Policy.CheckModality(m) is { } wrongInstance) Skip(task, wrongInstance);
            else if (task.Policy.CheckSize(opened.Rows, opened.Columns) is { } small) Skip(task, small);
            else runnable.Add(task);
        }
        if (runnable.Count == 0) return (predictions, skips);

        var maxFrames = runnable.Max(t => t.Options.MaxFrames);
        var pending = new List<(InferenceTask Task, ModelInput Input, Task<BatchResult> Result)>();
        for (var f = 0; f < Math.Min(opened.NumberOfFrames, maxFrames); f++)
        {
            var (frame, frameSkip) = opened.ReadFrame(f);
            if (frameSkip is not null)
            {
                foreach (var task in runnable) Skip(task, frameSkip);
                continue;
            }
            foreach (var task in runnable)
            {
                if (f >= task.Options.MaxFrames) continue;
                var input = ModelInput.From(frame!, task.Options.InputSize);
                pending.Add((task, input, task.Batcher.SubmitAsync(input.Image, cancellationToken)));
            }
        }
        foreach (var task in runnable)
            if (opened.NumberOfFrames > task.Options.MaxFrames) Skip(task, InstanceDecoder.TooManyFrames(opened.NumberOfFrames, task.Options.MaxFrames));

        foreach (var (task, input, resultTask) in pending)
        {
            var result = await resultTask;
            if (result.Analyzed is null || result.Assessment is null || result.Model is null)
            {
                Skip(task, new InputSkip(input.Frame, result.FailureCode ?? InputSkipCodes.ModelError, result.FailureMessage ?? "The model gave no result."));
                continue;
            }
            predictions.Add(await DescribeAsync(study, series, instance, task, input, result, cancellationToken));
        }
        return (predictions, skips);
    }

    private async Task<PredictionRecord> DescribeAsync(StudyReceived study, ReceivedSeries series, ReceivedInstance instance,
        InferenceTask task, ModelInput input, BatchResult result, CancellationToken cancellationToken)
    {
        var model = result.Model!;
        var prediction = result.Analyzed!.Prediction;
        var encoded = LabelCodec.Encode(CaseLabels.ToImage(prediction, input.Geometry));
        var blob = await blobs.PutAsync(encoded.Bytes, cancellationToken);
        // Contracts speak DICOM frame numbers (1-based, as WADO-RS frames/{n}); the decoder counts from 0.
        var frameNumber = input.Frame + 1;
        var predictionId = InferenceIds.Prediction(study.MessageId, instance.SopInstanceUid, frameNumber, task.Options.ModelId);
        var u = prediction.Uncertainty;
        var assessment = result.Assessment!;
        var completed = new InferenceCompleted(
            InferenceIds.Completed(predictionId),
            time.GetUtcNow(),
            SiteId,
            predictionId,
            new ImageRef(study.StudyInstanceUid, series.SeriesInstanceUid, instance.SopInstanceUid, frameNumber, instance.BlobSha256,
                input.Geometry.Rows, input.Geometry.Columns, instance.InstanceNumber),
            model.ModelId,
            model.ModelVersion,
            task.Options.Kind,
            model.Labels,
            blob.Sha256,
            encoded.MediaType,
            new UncertaintySummary(u.Confidence, u.PredictiveEntropy, u.MutualInformation, u.Passes),
            assessment.Score,
            assessment.Signals.Select(s => new MetricValue(s.Key, s.Value)).ToList(),
            assessment.Findings.Select(f => new QcFlag(f.Code, f.Message)).ToList());
        return new PredictionRecord(predictionId, study.StudyInstanceUid, study.MessageId, model.Publication, completed);
    }

    private SkipRecord SkipOf(StudyReceived study, ReceivedSeries series, ReceivedInstance instance, InferenceTask? task, InputSkip reason)
    {
        var frameNumber = reason.Frame + 1;
        var id = InferenceIds.Skipped(study.MessageId, instance.SopInstanceUid, frameNumber, task?.Options.ModelId);
        return new SkipRecord(id, study.StudyInstanceUid, study.MessageId, new InferenceSkipped(
            id, time.GetUtcNow(), SiteId, study.StudyInstanceUid, series.SeriesInstanceUid, instance.SopInstanceUid,
            frameNumber, task?.Options.ModelId, new QcFlag(reason.Code, reason.Message)));
    }

    private string SiteId => fedBus.SiteId ?? "";
}
