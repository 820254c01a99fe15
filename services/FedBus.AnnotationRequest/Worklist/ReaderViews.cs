using FedBus.AnnotationRequest.Persistence;
using FedBus.AnnotationRequest.Tasks;
using FedBus.Contracts;

namespace FedBus.AnnotationRequest.Worklist;

/// <summary>Builds what a reader sees of tasks: their state relative to the task, and the links of the API.</summary>
public sealed class ReaderViews(AnnotationRequestOptions options)
{
    public const string Available = "available";
    public const string Claimed = "claimed";
    public const string Returned = "returned";
    public const string Submitted = "submitted";
    public const string Unavailable = "unavailable";

    /// <summary>The reader states a worklist lists: what the reader can act on.</summary>
    public static readonly IReadOnlySet<string> Actionable = new HashSet<string>(StringComparer.Ordinal) { Available, Claimed, Returned };

    public static string ReaderState(AnnotationTask task, string readerId)
    {
        var mine = task.ActiveReadOf(readerId);
        return mine?.State switch
        {
            ReadState.Claimed => Claimed,
            ReadState.Returned => Returned,
            ReadState.Submitted => Submitted,
            _ when task.Status == AnnotationTaskStatus.Open && !task.HasSkipped(readerId) && !task.HasRead(readerId) => Available,
            _ => Unavailable,
        };
    }

    public static string Name(AnnotationTaskStatus status) => status switch
    {
        AnnotationTaskStatus.InProgress => "in-progress",
        AnnotationTaskStatus.AwaitingQc => "awaiting-qc",
        AnnotationTaskStatus.NotOpened => "not-opened",
        _ => status.ToString().ToLowerInvariant(),
    };

    public static string Name(TaskKind kind) => kind.ToString().ToLowerInvariant();

    public static string TaskUrl(Guid taskId) => $"/annotations/tasks/{taskId}";

    public static string LabelUrl(Guid taskId, Guid submissionId) => $"{TaskUrl(taskId)}/submissions/{submissionId}/label";

    public static bool Overdue(AnnotationTask task, DateTimeOffset now) => !task.IsClosed && task.DueAt is { } due && due < now;

    public TaskView Task(AnnotationTask task, string readerId, DateTimeOffset now)
    {
        var mine = task.Reads.LastOrDefault(r => string.Equals(r.ReaderId, readerId, StringComparison.Ordinal));
        return new TaskView(
            task.TaskId, Name(task.Status), ReaderState(task, readerId), Name(task.Task), task.ModelId, task.ModelVersion,
            task.Labels.Version, task.Labels.ClassNames, Reasons(task.OpenedBecause), task.Priority, task.IsAuditSample,
            task.RequiredReads, SubmittedReads(task), task.OpenedAt, task.DueAt, Overdue(task, now), Image(task.Image),
            new PrefillView($"{TaskUrl(task.TaskId)}/prefill", task.PrefillMediaType, task.PrefillBlobSha256),
            mine is null ? null : Read(task.TaskId, mine), QcReasons(mine), Reasons(task.Findings));
    }

    public WorklistItem Item(AnnotationTask task, string readerId, DateTimeOffset now)
    {
        var mine = task.ActiveReadOf(readerId);
        return new WorklistItem(
            task.TaskId, ReaderState(task, readerId), Name(task.Task), task.ModelId, task.Priority, Reasons(task.OpenedBecause),
            task.IsAuditSample, task.RequiredReads, SubmittedReads(task), mine?.ReadNumber, task.OpenedAt, task.DueAt, Overdue(task, now),
            mine?.LeaseUntil, QcReasons(mine), task.Image.StudyInstanceUid, TaskUrl(task.TaskId));
    }

    public static HistoryItem History(ReaderHistoryEntry entry, AnnotationTask? task)
    {
        var submission = entry.SubmissionId is { } id ? task?.FindSubmission(id)?.Submission : null;
        return new HistoryItem(
            entry.Kind == HistoryKind.Submission ? "submission" : "skip", entry.TaskId, entry.SubmissionId, entry.ReadNumber, entry.At,
            entry.Reason, submission is null ? null : submission.Verdict.ToString().ToLowerInvariant(), Reasons(submission?.Reasons ?? []),
            task is null ? "unknown" : Name(task.Status), task?.CaseId, TaskUrl(entry.TaskId));
    }

    public ImageView Image(ImageRef image)
    {
        var instance = $"{options.DicomWebBase.TrimEnd('/')}/studies/{image.StudyInstanceUid}/series/{image.SeriesInstanceUid}/instances/{image.SopInstanceUid}";
        return new ImageView(
            image.StudyInstanceUid, image.SeriesInstanceUid, image.SopInstanceUid, image.Frame, image.Rows, image.Columns, image.InstanceNumber,
            $"{instance}/frames/{image.Frame}/rendered", $"{instance}/frames/{image.Frame}", $"{instance}/metadata",
            $"{options.DicomWebBase.TrimEnd('/')}/studies/{image.StudyInstanceUid}/series/{image.SeriesInstanceUid}");
    }

    private static ReadView Read(Guid taskId, TaskRead read) => new(
        read.ReadNumber, read.State.ToString().ToLowerInvariant(), read.LeaseUntil, read.ReturnDeadline,
        read.Submissions.Select(s => new SubmissionView(s.SubmissionId, s.SubmittedAt, s.LabelMediaType, LabelUrl(taskId, s.SubmissionId),
            s.Verdict.ToString().ToLowerInvariant(), Reasons(s.Reasons))).ToArray());

    /// <summary>QC's reasons for the reader's last rejected submission, while that read is theirs to redo.</summary>
    private static IReadOnlyList<ReasonView> QcReasons(TaskRead? read) =>
        read is { State: ReadState.Returned or ReadState.Claimed, Latest: { Verdict: SubmissionVerdict.Rejected } latest } ? Reasons(latest.Reasons) : [];

    private static int SubmittedReads(AnnotationTask task) => task.ActiveReads.Count(r => r.State == ReadState.Submitted);

    private static ReasonView[] Reasons(IEnumerable<QcFlag> flags) => flags.Select(f => new ReasonView(f.Code, f.Message)).ToArray();
}
