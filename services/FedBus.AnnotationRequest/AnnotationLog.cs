using FedBus.AnnotationRequest.Tasks;
using Microsoft.Extensions.Logging;

namespace FedBus.AnnotationRequest;

/// <summary>
/// Every log line of the service, in one place. They name tasks, predictions, models and readers — never a DICOM UID
/// or a patient (issue 7).
/// </summary>
internal static partial class AnnotationLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Task {TaskId} opened for prediction {PredictionId} of {ModelId} ({Reasons}), priority {Priority:0.000}")]
    public static partial void TaskOpened(ILogger logger, Guid taskId, Guid predictionId, string modelId, string reasons, double priority);

    [LoggerMessage(EventId = 2, Level = LogLevel.Debug, Message = "Candidate {TaskId} of {ModelId} held for the budget")]
    public static partial void CandidateHeld(ILogger logger, Guid taskId, string modelId);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Candidate {TaskId} of {ModelId} not opened: {Reason}")]
    public static partial void CandidateDropped(ILogger logger, Guid taskId, string modelId, string reason);

    [LoggerMessage(EventId = 4, Level = LogLevel.Debug, Message = "Prediction {PredictionId} of {ModelId} needs no reader (triage score {TriageScore:0.000})")]
    public static partial void NoTask(ILogger logger, Guid predictionId, string modelId, double triageScore);

    [LoggerMessage(EventId = 5, Level = LogLevel.Information, Message = "Prediction {PredictionId} was decided before (task {TaskId} is stored); nothing to do")]
    public static partial void AlreadyDecided(ILogger logger, Guid taskId, Guid predictionId);

    [LoggerMessage(EventId = 6, Level = LogLevel.Information, Message = "Audit sample of prediction {PredictionId} of {ModelId} not opened: today's audit budget is spent")]
    public static partial void AuditBudgetSpent(ILogger logger, Guid predictionId, string modelId);

    [LoggerMessage(EventId = 7, Level = LogLevel.Warning, Message = "{MessageType} of site {SiteId} ignored: this service serves site {OwnSite}")]
    public static partial void OtherSite(ILogger logger, string messageType, string siteId, string ownSite);

    [LoggerMessage(EventId = 8, Level = LogLevel.Information, Message = "Task {TaskId}: {Action} by {Actor}; now {Status}")]
    public static partial void TaskChanged(ILogger logger, Guid taskId, string action, string actor, AnnotationTaskStatus status);

    [LoggerMessage(EventId = 9, Level = LogLevel.Information, Message = "{MessageType} for task {TaskId} had no effect: {Why}")]
    public static partial void MessageIgnored(ILogger logger, string messageType, Guid taskId, string why);

    [LoggerMessage(EventId = 10, Level = LogLevel.Warning, Message = "{MessageType} names task {TaskId}, which this site does not have")]
    public static partial void UnknownTask(ILogger logger, string messageType, Guid taskId);

    [LoggerMessage(EventId = 11, Level = LogLevel.Warning, Message = "The deadline sweep failed; it runs again in {Interval}")]
    public static partial void SweepFailed(ILogger logger, Exception exception, TimeSpan interval);

    [LoggerMessage(EventId = 12, Level = LogLevel.Information, Message = "Sweep: {Expired} read(s) expired, {Released} candidate(s) released or dropped")]
    public static partial void Swept(ILogger logger, int expired, int released);

    [LoggerMessage(EventId = 13, Level = LogLevel.Information, Message = "Submission refused for task {TaskId}: {Reason}")]
    public static partial void SubmissionRefused(ILogger logger, Guid taskId, string reason);
}
