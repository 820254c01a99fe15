using FedBus.Aggregation.Rounds;
using Microsoft.Extensions.Logging;

namespace FedBus.Aggregation;

/// <summary>Every log line of the hub, in one place. They name models, rounds, versions and sites — nothing about patients.</summary>
internal static partial class AggregationLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Round {RoundNumber} ({RoundId}) of {ModelId} started from version {BaseVersion}: {Invited} site(s) invited, {Strategy}")]
    public static partial void RoundStarted(ILogger logger, Guid roundId, int roundNumber, string modelId, int baseVersion, int invited, string strategy);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "A round of {ModelId} was not started ({Code}): {Reason}")]
    public static partial void StartRefused(ILogger logger, string modelId, string code, string reason);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Round {RoundId}: update of {SiteId} accepted")]
    public static partial void UpdateAccepted(ILogger logger, Guid roundId, string siteId);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "Round {RoundId}: update of {SiteId} refused: {Reason}")]
    public static partial void UpdateRefused(ILogger logger, Guid roundId, string siteId, string reason);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "Update {MessageId} of {SiteId} names round {RoundId}, which the hub does not know; recorded and left out")]
    public static partial void StrayUpdate(ILogger logger, Guid messageId, string siteId, Guid roundId);

    [LoggerMessage(EventId = 6, Level = LogLevel.Information, Message = "{MessageType} for round {RoundId} had no effect: {Why}")]
    public static partial void Ignored(ILogger logger, string messageType, Guid roundId, string why);

    [LoggerMessage(EventId = 7, Level = LogLevel.Information, Message = "Round {RoundId}: {Action}; now {State}")]
    public static partial void RoundChanged(ILogger logger, Guid roundId, string action, RoundState state);

    [LoggerMessage(EventId = 8, Level = LogLevel.Information, Message = "Round {RoundId}: candidate version {Version} built by {Strategy} from {Included} update(s) in {Seconds:0.000} s")]
    public static partial void CandidateBuilt(ILogger logger, Guid roundId, int version, string strategy, int included, double seconds);

    [LoggerMessage(EventId = 9, Level = LogLevel.Error, Message = "Round {RoundId}: the aggregation failed; it is tried again in {Interval}")]
    public static partial void AggregationFailed(ILogger logger, Exception exception, Guid roundId, TimeSpan interval);

    [LoggerMessage(EventId = 10, Level = LogLevel.Warning, Message = "The round sweep failed; it runs again in {Interval}")]
    public static partial void SweepFailed(ILogger logger, Exception exception, TimeSpan interval);

    [LoggerMessage(EventId = 11, Level = LogLevel.Information, Message = "Round {RoundId} closed ({State}): {Reason}")]
    public static partial void RoundClosed(ILogger logger, Guid roundId, RoundState state, string reason);

    [LoggerMessage(EventId = 12, Level = LogLevel.Information, Message = "Model {ModelId} imported as version 1 ({Architecture}, weights {Sha256})")]
    public static partial void ModelImported(ILogger logger, string modelId, string architecture, string sha256);

    [LoggerMessage(EventId = 13, Level = LogLevel.Information, Message = "Model {ModelId} rolled back from version {FromVersion} to {ToVersion} (publication {Publication})")]
    public static partial void RolledBack(ILogger logger, string modelId, int fromVersion, int toVersion, long publication);

    [LoggerMessage(EventId = 14, Level = LogLevel.Information, Message = "Weights {Sha256} stored ({Length} bytes)")]
    public static partial void WeightsStored(ILogger logger, string sha256, long length);

    [LoggerMessage(EventId = 15, Level = LogLevel.Information, Message = "Starting a round of {ModelId} by schedule: {Why}")]
    public static partial void ScheduledStart(ILogger logger, string modelId, string why);

    [LoggerMessage(EventId = 16, Level = LogLevel.Warning, Message = "Weight upload refused ({Code}): {Reason}")]
    public static partial void UploadRefused(ILogger logger, string code, string reason);

    [LoggerMessage(EventId = 17, Level = LogLevel.Information, Message = "Sweep: {Count} round deadline(s) applied")]
    public static partial void Swept(ILogger logger, int count);
}
