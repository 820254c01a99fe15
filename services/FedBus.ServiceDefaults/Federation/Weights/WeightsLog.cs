using Microsoft.Extensions.Logging;

namespace FedBus.ServiceDefaults.Federation.Weights;

/// <summary>The claim check's log lines: digests, sizes and URLs of weight files — model data, never patient data.</summary>
internal static partial class WeightsLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Uploaded weights {Sha256} ({SizeBytes} bytes) to {Url}")]
    public static partial void Uploaded(ILogger logger, string sha256, long sizeBytes, Uri url);

    [LoggerMessage(Level = LogLevel.Information, Message = "Fetched weights {Sha256} ({SizeBytes} bytes) from {Url}")]
    public static partial void Fetched(ILogger logger, string sha256, long sizeBytes, Uri url);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Stored weights {Sha256} ({SizeBytes} bytes) in this hub's weight store")]
    public static partial void StoredAtHub(ILogger logger, string sha256, long sizeBytes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cached weights {Sha256} failed verification ({Problem}); removed, fetching them again")]
    public static partial void CorruptCacheRemoved(ILogger logger, string sha256, string problem);
}
