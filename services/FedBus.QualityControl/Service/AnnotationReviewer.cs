using FedBus.Contracts;
using FedBus.Imaging.Labels;
using FedBus.QualityControl.Readers;
using FedBus.QualityControl.Review;
using FedBus.QualityControl.Rules;
using FedBus.QualityControl.Statistics;
using FedBus.ServiceDefaults;
using FedBus.ServiceDefaults.Blobs;
using FedBus.ServiceDefaults.Messaging.Outbox;
using FedBus.ServiceDefaults.Storage;

namespace FedBus.QualityControl.Service;

/// <summary>
/// Loads what a submission's review needs (the task's state, the label and the pre-annotation from the site's blob
/// store, the reader's history, the earlier reads), lets <see cref="SubmissionReviewer"/> decide, and stages every
/// write and event of the decision: task, verdict, reader and pair records, statistics (and a
/// statistics report when one is due) on the unit of work, which commits them with the inbox record as one batch. The
/// consensus label is written to the blob store before (content-addressed, so a repeat writes the same blob).
/// </summary>
public sealed class AnnotationReviewer(
    QcStore store, IBlobStore blobs, SubmissionReviewer reviewer, QualityControlOptions options, FedBusOptions fedBus,
    TimeProvider time, ILogger<AnnotationReviewer> logger)
{
    public async Task<ReviewResult?> ReviewAsync(AnnotationSubmitted s, UnitOfWork work, CancellationToken cancellationToken)
    {
        var taskKey = QcStore.TaskKey(s.TaskId);
        var stored = await store.Tasks.GetAsync(taskKey, cancellationToken);
        if (stored?.Document.ReviewedSubmissions.Contains(s.SubmissionId) == true)
        {
            QcLog.AlreadyReviewed(logger, s.SubmissionId);
            return null;
        }

        var readerKey = ReaderRecord.IdOf(s.ModelId, s.ReaderId);
        var reader = await store.Readers.GetAsync(readerKey, cancellationToken);
        var earlier = new Dictionary<int, ImageLabel>();
        foreach (var read in stored?.Document.Reads ?? [])
            if (read.ReadNumber != s.ReadNumber)
                earlier[read.ReadNumber] = await ReadStoredLabelAsync(read, cancellationToken);

        var now = time.GetUtcNow();
        var result = reviewer.Review(new SubmissionReview(
            stored?.Document, s, await ReadSubmittedAsync(s, cancellationToken), await ReadPrefillAsync(s, cancellationToken),
            reader?.Document.History ?? ReaderHistory.None, earlier, options.StructureExpected(s.ModelId), now));
        if (result is null) return null;

        if (result.ConsensusLabel is { } consensus)
        {
            var blob = await blobs.PutAsync(consensus.Bytes, cancellationToken);
            if (blob.Sha256 != result.Task.LabelBlobSha256)
                throw new InvalidOperationException($"The blob store named the consensus label {blob.Sha256}, expected {result.Task.LabelBlobSha256}.");
            // The case names this blob: it must be durable before the case is.
            blobs.FlushToDisk();
        }

        // The task first: its version check fails a concurrent decision on the same task before anything else is written.
        work.Put(store.Tasks, taskKey, stored, result.Task);
        work.Insert(store.Submissions, QcStore.SubmissionKey(s.SubmissionId), result.Submission);
        await StageReadersAsync(result, reader, readerKey, work, now, cancellationToken);
        await StagePairAsync(result, work, now, cancellationToken);
        foreach (var e in result.Events) work.Publish(e);
        await StageStatisticsAsync(result, work, now, cancellationToken);

        QcLog.Reviewed(logger, s.SubmissionId, s.TaskId, s.ReadNumber, s.ReaderId, result.Submission.Outcome,
            string.Join(", ", result.Submission.Findings.Select(f => f.Code)));
        if (result.Accepted is { } accepted) QcLog.CaseAccepted(logger, accepted.CaseId, accepted.TaskId, result.Task.Reads.Count);
        return result;
    }

    private async Task<LabelReading> ReadSubmittedAsync(AnnotationSubmitted s, CancellationToken cancellationToken)
    {
        if (!BlobName.IsSha256(s.LabelBlobSha256) || !blobs.Exists(s.LabelBlobSha256)) return LabelReading.Missing(s.LabelBlobSha256 ?? "");
        var bytes = await blobs.ReadAllBytesAsync(s.LabelBlobSha256, cancellationToken);
        return LabelReading.Decode(bytes, s.LabelMediaType);
    }

    private async Task<ImageLabel?> ReadPrefillAsync(AnnotationSubmitted s, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(s.PrefillBlobSha256)) return null;
        if (!BlobName.IsSha256(s.PrefillBlobSha256) || !blobs.Exists(s.PrefillBlobSha256))
        {
            QcLog.PrefillUnreadable(logger, s.TaskId, "not in the blob store");
            return null;
        }
        var bytes = await blobs.ReadAllBytesAsync(s.PrefillBlobSha256, cancellationToken);
        // A prediction is stored in the format of a label of its task.
        var mediaType = s.Task switch
        {
            TaskKind.Segmentation => LabelMediaTypes.MaskPng,
            TaskKind.Classification => LabelMediaTypes.ClassJson,
            _ => LabelMediaTypes.BoxesJson,
        };
        var reading = LabelReading.Decode(bytes, mediaType);
        if (reading.Failure is { } failure) QcLog.PrefillUnreadable(logger, s.TaskId, failure.Message);
        return reading.Label;
    }

    private async Task<ImageLabel> ReadStoredLabelAsync(ReadRecord read, CancellationToken cancellationToken)
    {
        // It passed the rules, so it decoded then; failing now means the store lost it, which retrying may not fix.
        var bytes = await blobs.ReadAllBytesAsync(read.LabelBlobSha256, cancellationToken);
        return LabelCodec.Decode(bytes, read.LabelMediaType);
    }

    private async Task StageReadersAsync(ReviewResult result, Stored<ReaderRecord>? submitter, string submitterKey, UnitOfWork work,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        var modelId = result.Task.ModelId;
        var records = new Dictionary<string, (Stored<ReaderRecord>? Stored, ReaderRecord Record)>(StringComparer.Ordinal)
        {
            [submitterKey] = (submitter, (submitter?.Document ?? ReaderRecord.New(modelId, result.Submission.ReaderId, now))
                .WithVerdict(result.Submission, options.ReaderWindow)),
        };
        foreach (var observation in result.ReaderAgreement)
        {
            var key = ReaderRecord.IdOf(modelId, observation.ReaderId);
            if (!records.TryGetValue(key, out var entry))
            {
                var loaded = await store.Readers.GetAsync(key, cancellationToken);
                entry = (loaded, loaded?.Document ?? ReaderRecord.New(modelId, observation.ReaderId, now));
            }
            records[key] = (entry.Stored, entry.Record.WithAgreement(observation.Score, options.ReaderWindow, now));
        }
        foreach (var (key, (stored, record)) in records) work.Put(store.Readers, key, stored, record);
    }

    private async Task StagePairAsync(ReviewResult result, UnitOfWork work, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (result.Pair is not { } pair) return;
        var key = ReaderPairRecord.IdOf(result.Task.ModelId, pair.ReaderA, pair.ReaderB);
        var stored = await store.Pairs.GetAsync(key, cancellationToken);
        var record = (stored?.Document ?? ReaderPairRecord.New(result.Task.ModelId, pair.ReaderA, pair.ReaderB, now))
            .With(pair, result.Task.Labels.ClassNames.Count, now);
        work.Put(store.Pairs, key, stored, record);
    }

    private async Task StageStatisticsAsync(ReviewResult result, UnitOfWork work, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var modelId = result.Task.ModelId;
        var stored = await store.Statistics.GetAsync(modelId, cancellationToken);
        var record = (stored?.Document ?? SiteStatisticsRecord.New(modelId, now)).With(result, now);
        if (record.ReportDue(options.ReportEveryVerdicts))
        {
            var report = record.Report(fedBus.SiteId ?? "", options.MinimumCellCount, now);
            work.Publish(report);
            record = record.Reported(now);
            QcLog.StatisticsReported(logger, modelId, record.ReportSequence, record.AcceptedCases, options.MinimumCellCount);
        }
        work.Put(store.Statistics, modelId, stored, record);
    }
}
