using System.Security.Cryptography;
using FedBus.AnnotationRequest.Tasks;
using FedBus.Contracts;
using FedBus.Imaging.Labels;
using FedBus.ServiceDefaults.Blobs;
using FedBus.ServiceDefaults.Messaging.Outbox;
using FedBus.ServiceDefaults.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FedBus.AnnotationRequest.Persistence;

/// <summary>
/// Applies lifecycle transitions to stored tasks: load, transition (the plain state machine), then the replaced task, its
/// events and history entries as one unit of work with the version that was read. When another writer got there first,
/// it loads and decides again. Used by the worklist API, the sweep and the consumers.
/// </summary>
public sealed class TaskCommands(
    AnnotationStore store, TaskLifecycle lifecycle, TransactionalOutbox outbox, IBlobStore blobs, [FromKeyedServices(AnnotationClock.Key)] TimeProvider time, ILogger<TaskCommands> logger)
{
    public const string IdempotencyKeyReused = "idempotency-key-reused";
    private const int Attempts = 5;

    /// <summary>A task readers may see: opened (held and never-opened candidates are not tasks).</summary>
    public async Task<Stored<AnnotationTask>> GetVisibleAsync(Guid taskId, CancellationToken cancellationToken)
    {
        var stored = await store.GetAsync(taskId, cancellationToken);
        if (stored is null || stored.Document.Status is AnnotationTaskStatus.Held or AnnotationTaskStatus.NotOpened)
            throw new TaskNotFoundException(taskId);
        return stored;
    }

    public async Task<AnnotationTask> ClaimAsync(Guid taskId, string readerId, CancellationToken cancellationToken) =>
        (await ChangeAsync(taskId, "claim", readerId, (t, now) => lifecycle.Claim(t, readerId, now), null, cancellationToken)).Task;

    public async Task<AnnotationTask> SkipAsync(Guid taskId, string readerId, string reason, CancellationToken cancellationToken) =>
        (await ChangeAsync(taskId, "skip", readerId, (t, now) => lifecycle.Skip(t, readerId, reason, now), (work, t) =>
        {
            var skip = t.Task.Skips[^1];
            work.Insert(store.History, TaskIds.Derive(taskId, $"skip\n{readerId}").ToString(),
                new ReaderHistoryEntry(readerId, HistoryKind.Skip, taskId, null, null, skip.Reason, skip.At));
        }, cancellationToken)).Task;

    public async Task<AnnotationTask> CancelAsync(Guid taskId, string actor, string reason, CancellationToken cancellationToken) =>
        (await ChangeAsync(taskId, "cancel", actor, (t, now) => lifecycle.Cancel(t, reason, now), null, cancellationToken)).Task;

    /// <summary>Applies the passed deadlines of one task; the number of reads that expired.</summary>
    public async Task<int> ExpireAsync(Guid taskId, CancellationToken cancellationToken)
    {
        try
        {
            return (await ChangeAsync(taskId, "expire", "sweep", lifecycle.ExpireDeadlines, null, cancellationToken)).Events.Count;
        }
        catch (TaskNotFoundException)
        {
            return 0;
        }
    }

    /// <summary>
    /// Stores a validated, canonical label as the reader's read and publishes <see cref="AnnotationSubmitted"/>. The
    /// submission id is derived from the task, the reader and the client's idempotency key: the same request again returns
    /// the stored submission (and stores nothing), the same key with another label is refused. The lifecycle is checked
    /// before the blob is written, so a refused submission stores nothing.
    /// </summary>
    public async Task<SubmissionOutcome> SubmitAsync(Guid taskId, string readerId, string idempotencyKey, EncodedLabel label, CancellationToken cancellationToken)
    {
        var submissionId = TaskIds.Submission(taskId, readerId, idempotencyKey);
        var sha = Convert.ToHexStringLower(SHA256.HashData(label.Bytes));
        var blobStored = false;
        for (var attempt = 1; ; attempt++)
        {
            var stored = await GetVisibleAsync(taskId, cancellationToken);
            if (stored.Document.FindSubmission(submissionId) is var (read, submission))
            {
                if (submission.LabelBlobSha256 != sha)
                    throw new TaskRuleException(IdempotencyKeyReused, "This Idempotency-Key was used for another label; send a new key for a new submission.");
                return new SubmissionOutcome(stored.Document, read, submission, Replayed: true);
            }

            var now = time.GetUtcNow();
            var t = lifecycle.Submit(stored.Document, readerId, submissionId, sha, label.MediaType, now);
            if (!blobStored)
            {
                var blob = await blobs.PutAsync(label.Bytes, cancellationToken);
                if (blob.Sha256 != sha) throw new InvalidOperationException($"The blob store named the label {blob.Sha256}, expected {sha}.");
                // QC reads the label as soon as AnnotationSubmitted arrives: it must be on disk before the commit.
                blobs.FlushToDisk();
                blobStored = true;
            }
            var mine = t.Task.ActiveReadOf(readerId)!;
            var work = outbox.Begin(cancellationToken)
                .Replace(store.Tasks, taskId.ToString(), t.Task, stored.Version)
                .Insert(store.History, submissionId.ToString(), new ReaderHistoryEntry(readerId, HistoryKind.Submission, taskId, submissionId, mine.ReadNumber, null, now));
            foreach (var e in t.Events) work.Publish(e);
            try
            {
                await outbox.CommitAsync(work, cancellationToken);
                AnnotationLog.TaskChanged(logger, taskId, "submit", readerId, t.Task.Status);
                return new SubmissionOutcome(t.Task, mine, mine.Latest!, Replayed: false);
            }
            catch (Exception e) when (e is ConcurrencyConflictException or DuplicateDocumentException && attempt < Attempts)
            {
                // The task changed (or the same request raced us): look again.
            }
        }
    }

    /// <summary>
    /// Applies a bus message's transition to <paramref name="work"/> (the consumer commits it with its inbox record).
    /// A task this site does not know is logged and left alone.
    /// </summary>
    public async Task ApplyAsync(Guid taskId, string messageType, Func<AnnotationTask, DateTimeOffset, TaskTransition> change, UnitOfWork work, CancellationToken cancellationToken)
    {
        var stored = await store.GetAsync(taskId, cancellationToken);
        if (stored is null)
        {
            AnnotationLog.UnknownTask(logger, messageType, taskId);
            return;
        }
        var t = change(stored.Document, time.GetUtcNow());
        if (!t.Changed)
        {
            AnnotationLog.MessageIgnored(logger, messageType, taskId, t.Ignored ?? "no change");
            return;
        }
        work.Replace(store.Tasks, taskId.ToString(), t.Task, stored.Version);
        foreach (var e in t.Events) work.Publish(e);
        AnnotationLog.TaskChanged(logger, taskId, messageType, "qc", t.Task.Status);
    }

    private async Task<TaskTransition> ChangeAsync(
        Guid taskId, string action, string actor, Func<AnnotationTask, DateTimeOffset, TaskTransition> change, Action<UnitOfWork, TaskTransition>? alsoWrite, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var stored = await GetVisibleAsync(taskId, cancellationToken);
            var t = change(stored.Document, time.GetUtcNow());
            if (!t.Changed) return t;
            var work = outbox.Begin(cancellationToken).Replace(store.Tasks, taskId.ToString(), t.Task, stored.Version);
            foreach (var e in t.Events) work.Publish(e);
            alsoWrite?.Invoke(work, t);
            try
            {
                await outbox.CommitAsync(work, cancellationToken);
                AnnotationLog.TaskChanged(logger, taskId, action, actor, t.Task.Status);
                return t;
            }
            catch (Exception e) when (e is ConcurrencyConflictException or DuplicateDocumentException && attempt < Attempts)
            {
                // Another writer changed the task since we read it: decide again on what is stored now.
            }
        }
    }
}
