using FedBus.QualityControl.Review;

namespace FedBus.QualityControl.Service;

/// <summary>QC's log lines. Task, submission, case and reader ids only: never a DICOM UID or a patient identifier.</summary>
internal static partial class QcLog
{
    [LoggerMessage(EventId = 8001, Level = LogLevel.Information,
        Message = "Submission {SubmissionId} of task {TaskId} (read {ReadNumber}, reader {ReaderId}): {Outcome} [{Codes}]")]
    public static partial void Reviewed(ILogger logger, Guid submissionId, Guid taskId, int readNumber, string readerId, SubmissionOutcome outcome, string codes);

    [LoggerMessage(EventId = 8002, Level = LogLevel.Debug, Message = "Submission {SubmissionId} was reviewed before; nothing to do")]
    public static partial void AlreadyReviewed(ILogger logger, Guid submissionId);

    [LoggerMessage(EventId = 8003, Level = LogLevel.Warning,
        Message = "The pre-annotation of task {TaskId} cannot be read ({Reason}); rules that compare with it are skipped")]
    public static partial void PrefillUnreadable(ILogger logger, Guid taskId, string reason);

    [LoggerMessage(EventId = 8004, Level = LogLevel.Information, Message = "Case {CaseId} of task {TaskId} accepted from {Reads} read(s)")]
    public static partial void CaseAccepted(ILogger logger, Guid caseId, Guid taskId, int reads);

    [LoggerMessage(EventId = 8005, Level = LogLevel.Information, Message = "Case {CaseId} withdrawn by {By}: {Reason}")]
    public static partial void CaseWithdrawn(ILogger logger, Guid caseId, string by, string reason);

    [LoggerMessage(EventId = 8006, Level = LogLevel.Information,
        Message = "Federation statistics for {ModelId} from {ReportingSites} site(s): {Labels} accepted labels")]
    public static partial void FederationStatistics(ILogger logger, string modelId, int reportingSites, long labels);

    [LoggerMessage(EventId = 8007, Level = LogLevel.Warning, Message = "Class distribution drift for {ModelId}: {Message}")]
    public static partial void Drift(ILogger logger, string modelId, string message);

    [LoggerMessage(EventId = 8008, Level = LogLevel.Information,
        Message = "Site statistics for {ModelId} reported (#{Sequence}, {AcceptedCases} accepted cases, minimum cell {MinimumCellCount})")]
    public static partial void StatisticsReported(ILogger logger, string modelId, long sequence, long acceptedCases, int minimumCellCount);

    [LoggerMessage(EventId = 8009, Level = LogLevel.Warning, Message = "Periodic statistics report failed; the next tick tries again")]
    public static partial void StatisticsReportFailed(ILogger logger, Exception exception);
}
