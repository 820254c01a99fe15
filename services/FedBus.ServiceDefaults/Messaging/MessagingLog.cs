using Microsoft.Extensions.Logging;

namespace FedBus.ServiceDefaults.Messaging;

/// <summary>The inbox's, consumers' and outbox's log lines. They name consumers, message types and ids — never content.</summary>
internal static partial class MessagingLog
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "{Consumer} waits for message {MessageId}: claimed by {Holder} until {LeaseUntil:O}")]
    public static partial void WaitingForClaim(ILogger logger, string consumer, Guid messageId, string? holder, DateTimeOffset? leaseUntil);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Consumer} took over message {MessageId} from {Holder}, whose lease lapsed {Overdue} ago unrenewed")]
    public static partial void ClaimTakenOver(ILogger logger, string consumer, Guid messageId, string? holder, TimeSpan overdue);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Inbox claim {Key} was taken over by another delivery; this delivery stops and will not commit")]
    public static partial void ClaimLost(ILogger logger, string key);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not renew inbox claim {Key}; trying again at the next beat")]
    public static partial void RenewFailed(ILogger logger, string key, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not release inbox claim {Key}; it is taken over when its lease lapses")]
    public static partial void AbandonFailed(ILogger logger, string key, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Consumer} already applied {MessageType} {MessageId}; delivery skipped")]
    public static partial void AlreadyApplied(ILogger logger, string consumer, string messageType, Guid messageId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox entry {EntryId} ({MessageType}) not published, attempt {Attempt}; it stays pending and is retried")]
    public static partial void OutboxPublishFailed(ILogger logger, string entryId, string messageType, int attempt, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox entry {EntryId} could not be updated in the store")]
    public static partial void OutboxStoreFailed(ILogger logger, string entryId, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox entry {EntryId} names message type {MessageType}, which this build does not know; marked failed")]
    public static partial void OutboxTypeUnknown(ILogger logger, string entryId, string messageType);

    [LoggerMessage(Level = LogLevel.Information, Message = "Outbox entry {EntryId} ({MessageType}) of {Owner}, a writer that is gone, is published by this one")]
    public static partial void OutboxEntryRecovered(ILogger logger, string entryId, string messageType, string owner);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The outbox dispatcher could not reach the store; it tries again shortly")]
    public static partial void OutboxDispatchFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox writer {Owner} could not renew its heartbeat; if it stays lapsed, other replicas publish its events")]
    public static partial void OutboxHeartbeatFailed(ILogger logger, string owner, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Housekeeping deleted {Inbox} inbox and {Outbox} outbox entries past their retention")]
    public static partial void HousekeepingDeleted(ILogger logger, int inbox, int outbox);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Housekeeping failed; it runs again at the next interval")]
    public static partial void HousekeepingFailed(ILogger logger, Exception exception);
}
