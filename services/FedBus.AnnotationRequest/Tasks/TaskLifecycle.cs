using FedBus.AnnotationRequest.Triage;
using FedBus.Contracts;

namespace FedBus.AnnotationRequest.Tasks;

/// <summary>
/// The task lifecycle as a state machine over <see cref="AnnotationTask"/>: held → open → claimed (a lease) → submitted
/// (read k of n) → awaiting QC → accepted | returned to the same reader with QC's reasons → resubmitted; a lapsed lease
/// frees the read; a skip frees it and bars that reader; adjudication adds a read for a reader who has not read the
/// task; cancelled. Every transition returns the next state and the events to publish with it; nothing here touches a
/// bus or a store. A reader's action that does not fit throws <see cref="TaskRuleException"/>; a bus message that does
/// not fit (stale, repeated, late) is ignored with the reason in <see cref="TaskTransition.Ignored"/>.
/// </summary>
public sealed class TaskLifecycle(LifecycleOptions options)
{
    public const string ExpiredLease = "lease-expired";
    public const string ExpiredReturn = "returned-read-not-resubmitted";

    public LifecycleOptions Options { get; } = options;

    /// <summary>A result the policy wants labelled, as a held candidate (not a task yet: nothing is published).</summary>
    public static AnnotationTask Candidate(InferenceCompleted result, TriageDecision decision, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (!decision.OpensTask) throw new ArgumentException("The decision opens no task.", nameof(decision));
        return new AnnotationTask
        {
            TaskId = TaskIds.ForPrediction(result.PredictionId),
            SiteId = result.SiteId,
            PredictionId = result.PredictionId,
            Image = result.Image,
            Task = result.Task,
            ModelId = result.ModelId,
            ModelVersion = result.ModelVersion,
            Labels = result.Labels,
            PrefillBlobSha256 = result.PredictionBlobSha256,
            PrefillMediaType = result.PredictionMediaType,
            OpenedBecause = decision.Reasons,
            ReasonCodes = decision.Reasons.Select(r => r.Code).ToArray(),
            TriageScore = result.TriageScore,
            Value = decision.Value,
            Priority = decision.Value,
            IsAuditSample = decision.IsAuditSample,
            RequiredReads = decision.RequiredReads,
            Status = AnnotationTaskStatus.Held,
            ArrivedAt = now,
        };
    }

    /// <summary>Held → open: readers see it now. Publishes <see cref="AnnotationTaskCreated"/>.</summary>
    public TaskTransition Open(AnnotationTask task, double priority, DateTimeOffset now)
    {
        if (task.Status != AnnotationTaskStatus.Held)
            throw new TaskRuleException(TaskRules.NotOpen, $"Only a held candidate can open; this task is {task.Status}.");
        var next = Next(task with { Status = AnnotationTaskStatus.Open, Priority = priority, OpenedAt = now, DueAt = now + Options.DueAfter });
        var created = new AnnotationTaskCreated(
            TaskIds.Event(task.TaskId, next.Revision, "created"), now, task.SiteId, task.TaskId, task.PredictionId, task.Image,
            task.Task, task.ModelId, task.ModelVersion, task.Labels, task.PrefillBlobSha256, task.PrefillMediaType,
            task.OpenedBecause, priority, task.IsAuditSample, task.RequiredReads, next.DueAt!.Value);
        return new TaskTransition(next, [created], true);
    }

    /// <summary>Held → not opened (too old, below the minimum value). Nothing was published for it, so nothing is now.</summary>
    public TaskTransition Drop(AnnotationTask task, string reason, DateTimeOffset now)
    {
        if (task.Status != AnnotationTaskStatus.Held) return TaskTransition.Unchanged(task, $"not held ({task.Status})");
        var next = Next(task with
        {
            Status = AnnotationTaskStatus.NotOpened,
            ClosedAt = now,
            Findings = [new QcFlag(reason, DropMessage(reason))],
        });
        return new TaskTransition(next, [], true);
    }

    /// <summary>
    /// The reader takes a read under a lease: their own read QC returned, a renewal of their claim, or the lowest free
    /// read number. A reader who has read or skipped the task never gets (another) read of it.
    /// </summary>
    public TaskTransition Claim(AnnotationTask task, string readerId, DateTimeOffset now)
    {
        EnsureOpenForReaders(task);
        var lease = now + Options.Lease;
        var mine = task.ActiveReadOf(readerId);
        if (mine is { State: ReadState.Claimed or ReadState.Returned })
            return new TaskTransition(Next(Replace(task, mine, mine with { State = ReadState.Claimed, LeaseUntil = lease })), [], true);
        if (mine is { State: ReadState.Submitted })
            throw new TaskRuleException(TaskRules.AlreadyRead, "You have submitted your read of this task; it is waiting for QC.");
        if (task.HasSkipped(readerId))
            throw new TaskRuleException(TaskRules.Skipped, "You skipped this task; it goes to other readers.");
        if (task.HasRead(readerId))
            throw new TaskRuleException(TaskRules.AlreadyRead, "You have read this task already; its other reads need other readers.");

        var taken = task.ActiveReads.Select(r => r.ReadNumber).ToHashSet();
        if (taken.Count >= task.RequiredReads)
            throw new TaskRuleException(TaskRules.NoFreeRead, "Every read of this task is taken by other readers.");
        var number = Enumerable.Range(1, task.RequiredReads).First(n => !taken.Contains(n));
        var read = new TaskRead { ReadNumber = number, ReaderId = readerId, State = ReadState.Claimed, ClaimedAt = now, LeaseUntil = lease };
        return new TaskTransition(Next(task with { Reads = [.. task.Reads, read] }), [], true);
    }

    /// <summary>
    /// The reader's label for the read they hold (claimed, or returned to them by QC). The label is already validated and
    /// stored; publishes <see cref="AnnotationSubmitted"/> with everything QC needs.
    /// </summary>
    public TaskTransition Submit(AnnotationTask task, string readerId, Guid submissionId, string labelBlobSha256, string labelMediaType, DateTimeOffset now)
    {
        if (task.IsClosed) throw Closed(task);
        if (task.Status == AnnotationTaskStatus.Held) throw NotOpen();
        if (task.FindSubmission(submissionId) is not null)
            throw new TaskRuleException(TaskRules.DuplicateSubmission, "This submission is stored already.");
        var mine = task.ActiveReadOf(readerId);
        if (mine is not { State: ReadState.Claimed or ReadState.Returned })
            throw new TaskRuleException(TaskRules.NotHolder, mine is { State: ReadState.Submitted }
                ? "Your read of this task is submitted and waiting for QC."
                : "You do not hold a read of this task: claim it first (your claim may have lapsed).");

        var submission = new TaskSubmission { SubmissionId = submissionId, SubmittedAt = now, LabelBlobSha256 = labelBlobSha256, LabelMediaType = labelMediaType };
        var read = mine with { State = ReadState.Submitted, LeaseUntil = null, ReturnDeadline = null, Submissions = [.. mine.Submissions, submission] };
        var next = Next(Replace(task, mine, read));
        var submitted = new AnnotationSubmitted(
            TaskIds.Event(task.TaskId, next.Revision, "submitted"), now, task.SiteId, submissionId, task.TaskId, readerId,
            read.ReadNumber, task.RequiredReads, task.IsAuditSample, task.Task, task.Image, task.ModelId, task.ModelVersion,
            task.Labels, labelBlobSha256, labelMediaType, task.PrefillBlobSha256, task.ReasonCodes);
        return new TaskTransition(next, [submitted], true);
    }

    /// <summary>
    /// The reader declines the task with a reason: a read they hold is freed for others, and they are never offered the
    /// task again. Skipping twice changes nothing. Publishes <see cref="AnnotationTaskSkipped"/>.
    /// </summary>
    public TaskTransition Skip(AnnotationTask task, string readerId, string reason, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(reason)) throw new TaskRuleException(TaskRules.ReasonRequired, "Say why you skip the task.");
        EnsureOpenForReaders(task);
        if (task.HasSkipped(readerId)) return TaskTransition.Unchanged(task, "skipped already");
        var mine = task.ActiveReadOf(readerId);
        if (mine is { State: ReadState.Submitted })
            throw new TaskRuleException(TaskRules.AlreadyRead, "Your read of this task is submitted; it cannot be skipped now.");

        var reads = task.Reads;
        if (mine is not null)
            reads = mine.Submissions.Count == 0
                ? [.. reads.Where(r => !ReferenceEquals(r, mine))]
                : [.. reads.Select(r => ReferenceEquals(r, mine) ? r with { State = ReadState.Abandoned, LeaseUntil = null, ReturnDeadline = null } : r)];
        var next = Next(task with { Reads = reads, Skips = [.. task.Skips, new TaskSkip(readerId, reason.Trim(), now)] });
        return new TaskTransition(next, [new AnnotationTaskSkipped(TaskIds.Event(task.TaskId, next.Revision, "skipped"), now, task.SiteId, task.TaskId, readerId, reason.Trim())], true);
    }

    /// <summary>
    /// Applies every deadline that has passed: a lapsed claim frees its read (a returned read goes back to its reader);
    /// a returned read not resubmitted in time is freed for another reader. Publishes one
    /// <see cref="AnnotationTaskExpired"/> per read.
    /// </summary>
    public TaskTransition ExpireDeadlines(AnnotationTask task, DateTimeOffset now)
    {
        if (task.IsClosed || task.Status == AnnotationTaskStatus.Held) return TaskTransition.Unchanged(task, "no deadlines");
        var expired = new List<(string Reader, string Reason)>();
        var reads = new List<TaskRead>();
        foreach (var r in task.Reads)
        {
            if (r is { State: ReadState.Claimed, LeaseUntil: { } lease } && lease <= now)
            {
                expired.Add((r.ReaderId, ExpiredLease));
                if (r.Submissions.Count > 0) reads.Add(r with { State = ReadState.Returned, LeaseUntil = null });
            }
            else if (r is { State: ReadState.Returned, ReturnDeadline: { } due } && due <= now)
            {
                expired.Add((r.ReaderId, ExpiredReturn));
                reads.Add(r with { State = ReadState.Abandoned, ReturnDeadline = null });
            }
            else
            {
                reads.Add(r);
            }
        }
        if (expired.Count == 0) return TaskTransition.Unchanged(task, "no deadline has passed");
        var next = Next(task with { Reads = reads });
        var events = expired.Select((e, i) => (IFedBusMessage)new AnnotationTaskExpired(
            TaskIds.Event(task.TaskId, next.Revision, $"expired-{i}"), now, task.SiteId, task.TaskId, e.Reader, e.Reason)).ToArray();
        return new TaskTransition(next, events, true);
    }

    /// <summary>QC rejected a submission: its read goes back to the reader with QC's reasons.</summary>
    public TaskTransition Reject(AnnotationTask task, AnnotationRejected rejected, DateTimeOffset now)
    {
        if (task.AppliedMessages.Contains(rejected.MessageId)) return TaskTransition.Unchanged(task, "applied already");
        if (task.IsClosed) return Ignore(task, rejected.MessageId, $"the task is {task.Status}");
        if (task.FindSubmission(rejected.SubmissionId) is not var (read, submission))
            return Ignore(task, rejected.MessageId, "no such submission");
        if (read.Latest!.SubmissionId != submission.SubmissionId || read.State != ReadState.Submitted)
            return Ignore(task, rejected.MessageId, "the submission was superseded");

        var verdict = submission with { Verdict = SubmissionVerdict.Rejected, Reasons = rejected.Reasons, VerdictAt = now };
        var returned = read with
        {
            State = ReadState.Returned,
            ReturnDeadline = now + Options.ReturnTimeout,
            Submissions = [.. read.Submissions.Take(read.Submissions.Count - 1), verdict],
        };
        return new TaskTransition(Next(Replace(task, read, returned), rejected.MessageId), [], true);
    }

    /// <summary>QC accepted the task (the consensus of its reads): it becomes a training case.</summary>
    public TaskTransition Accept(AnnotationTask task, AnnotationAccepted accepted, DateTimeOffset now)
    {
        if (task.AppliedMessages.Contains(accepted.MessageId)) return TaskTransition.Unchanged(task, "applied already");
        if (task.IsClosed) return Ignore(task, accepted.MessageId, $"the task is {task.Status}");
        var readers = accepted.ReaderIds.ToHashSet(StringComparer.Ordinal);
        var reads = task.Reads
            .Where(r => r.Submissions.Count > 0)
            .Select(r => r.State == ReadState.Submitted && readers.Contains(r.ReaderId)
                ? r with { Submissions = [.. r.Submissions.Take(r.Submissions.Count - 1), r.Latest! with { Verdict = SubmissionVerdict.Accepted, VerdictAt = now }] }
                : r with { LeaseUntil = null })
            .ToArray();
        var next = Next(task with
        {
            Status = AnnotationTaskStatus.Accepted,
            CaseId = accepted.CaseId,
            Findings = accepted.Warnings,
            ClosedAt = now,
            Reads = reads,
        }, accepted.MessageId);
        return new TaskTransition(next, [], true);
    }

    /// <summary>QC found the reads in disagreement: one more read, for a reader who has not read the task.</summary>
    public TaskTransition RequestAdjudication(AnnotationTask task, AnnotationAdjudicationRequested request, DateTimeOffset now)
    {
        if (task.AppliedMessages.Contains(request.MessageId)) return TaskTransition.Unchanged(task, "applied already");
        if (task.IsClosed || task.Status == AnnotationTaskStatus.Held) return Ignore(task, request.MessageId, $"the task is {task.Status}");
        if (task.RequiredReads >= Options.MaxReads)
            return Ignore(task, request.MessageId, $"the task has the most reads allowed ({Options.MaxReads})");
        return new TaskTransition(Next(task with { RequiredReads = task.RequiredReads + 1 }, request.MessageId), [], true);
    }

    /// <summary>QC withdrew the accepted case (e.g. a later read disagreed): training drops it.</summary>
    public TaskTransition Withdraw(AnnotationTask task, CaseWithdrawn withdrawn, DateTimeOffset now)
    {
        if (task.AppliedMessages.Contains(withdrawn.MessageId)) return TaskTransition.Unchanged(task, "applied already");
        if (task.Status != AnnotationTaskStatus.Accepted || task.CaseId != withdrawn.CaseId)
            return Ignore(task, withdrawn.MessageId, $"the task is {task.Status}, not the accepted case {withdrawn.CaseId}");
        var next = Next(task with { Status = AnnotationTaskStatus.Withdrawn, Findings = withdrawn.Reasons, ClosedAt = now }, withdrawn.MessageId);
        return new TaskTransition(next, [], true);
    }

    /// <summary>
    /// Withdraws the task before it is answered. Publishes <see cref="AnnotationTaskCancelled"/>; a held candidate was never
    /// announced, so it just never opens.
    /// </summary>
    public TaskTransition Cancel(AnnotationTask task, string reason, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(reason)) throw new TaskRuleException(TaskRules.ReasonRequired, "Say why the task is cancelled.");
        if (task.IsClosed) throw Closed(task);
        var findings = new QcFlag[] { new("cancelled", reason.Trim()) };
        if (task.Status == AnnotationTaskStatus.Held)
            return new TaskTransition(Next(task with { Status = AnnotationTaskStatus.NotOpened, ClosedAt = now, Findings = findings }), [], true);
        var next = Next(task with
        {
            Status = AnnotationTaskStatus.Cancelled,
            ClosedAt = now,
            Findings = findings,
            Reads = [.. task.Reads.Select(r => r with { LeaseUntil = null, ReturnDeadline = null })],
        });
        return new TaskTransition(next, [new AnnotationTaskCancelled(TaskIds.Event(task.TaskId, next.Revision, "cancelled"), now, task.SiteId, task.TaskId, reason.Trim())], true);
    }

    /// <summary>The status the reads imply (closed and held tasks keep theirs).</summary>
    public static AnnotationTaskStatus StatusOf(AnnotationTask task)
    {
        if (task.IsClosed || task.Status == AnnotationTaskStatus.Held) return task.Status;
        var active = task.ActiveReads.ToArray();
        if (active.Length < task.RequiredReads) return AnnotationTaskStatus.Open;
        return active.All(r => r.State == ReadState.Submitted) ? AnnotationTaskStatus.AwaitingQc : AnnotationTaskStatus.InProgress;
    }

    /// <summary>The earliest lease or return deadline of the task (DateTimeOffset.MaxValue: none).</summary>
    public static DateTimeOffset DeadlineOf(AnnotationTask task)
    {
        if (task.IsClosed) return DateTimeOffset.MaxValue;
        var deadline = DateTimeOffset.MaxValue;
        foreach (var r in task.Reads)
        {
            var d = r.State switch
            {
                ReadState.Claimed => r.LeaseUntil,
                ReadState.Returned => r.ReturnDeadline,
                _ => null,
            };
            if (d is { } at && at < deadline) deadline = at;
        }
        return deadline;
    }

    private static AnnotationTask Next(AnnotationTask task, Guid? appliedMessage = null)
    {
        var next = task with
        {
            Revision = task.Revision + 1,
            AppliedMessages = appliedMessage is { } id ? [.. task.AppliedMessages, id] : task.AppliedMessages,
        };
        next = next with { Status = StatusOf(next) };
        return next with { NextDeadline = DeadlineOf(next) };
    }

    // A message that does not fit stays without effect; a redelivery finds the same state and ignores it again.
    private static TaskTransition Ignore(AnnotationTask task, Guid messageId, string why) =>
        TaskTransition.Unchanged(task, $"{why} (message {messageId})");

    private static AnnotationTask Replace(AnnotationTask task, TaskRead old, TaskRead updated) =>
        task with { Reads = [.. task.Reads.Select(r => ReferenceEquals(r, old) ? updated : r)] };

    private static void EnsureOpenForReaders(AnnotationTask task)
    {
        if (task.IsClosed) throw Closed(task);
        if (task.Status == AnnotationTaskStatus.Held) throw NotOpen();
    }

    private static TaskRuleException Closed(AnnotationTask task) =>
        new(TaskRules.Closed, $"The task is closed ({task.Status}).");

    private static TaskRuleException NotOpen() =>
        new(TaskRules.NotOpen, "The task has not opened yet.");

    private static string DropMessage(string reason) => reason switch
    {
        BudgetPlanner.DroppedTooOld => "Held for the annotation budget longer than candidates may wait; not opened.",
        BudgetPlanner.DroppedLowValue => "Its expected value (e.g. as a near-duplicate of a task already opened) is below the minimum; not opened.",
        _ => reason,
    };
}
