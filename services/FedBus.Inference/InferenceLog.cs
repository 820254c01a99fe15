using Microsoft.Extensions.Logging;

namespace FedBus.Inference;

/// <summary>The service's log lines. Never a UID or a patient identifier: prediction ids, model ids and counts only.</summary>
internal static partial class InferenceLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Task {Task} now runs model {ModelId} version {Version} (publication {Publication}, training profile: {HasProfile})")]
    public static partial void ModelAdopted(ILogger logger, string task, string modelId, int version, long publication, bool hasProfile);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Model {ModelId} publication {Publication} ignored: the site already has publication {Current}")]
    public static partial void PublicationIgnored(ILogger logger, string modelId, long publication, long current);

    [LoggerMessage(EventId = 3, Level = LogLevel.Debug, Message = "Model {ModelId} is not configured for any task here; publication {Publication} ignored")]
    public static partial void ModelNotConfigured(ILogger logger, string modelId, long publication);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "Study message {MessageId}: {Predictions} predictions, {Skipped} skipped in {ElapsedMs} ms")]
    public static partial void StudyDone(ILogger logger, Guid messageId, int predictions, int skipped, long elapsedMs);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "Task {Task}: the model failed on a batch of {Count} images; they are recorded as skipped")]
    public static partial void BatchFailed(ILogger logger, Exception exception, string task, int count);

    [LoggerMessage(EventId = 7, Level = LogLevel.Warning, Message = "No tasks are configured under FedBus:Tasks: studies are received but no model runs")]
    public static partial void NoTasks(ILogger logger);

    [LoggerMessage(EventId = 6, Level = LogLevel.Warning, Message = "Model {ModelId} publication {Publication} is published as {Kind}, but task {Task} is configured as {Configured}; not adopted")]
    public static partial void KindMismatch(ILogger logger, string modelId, long publication, string kind, string task, string configured);
}
