using FedBus.ServiceDefaults.Privacy;

namespace FedBus.Ingestion;

/// <summary>
/// Log lines of ingestion's network edges (STOW-RS, the DICOM layer). Studies and instances appear only as <see cref="HashedIdentifier"/>s and
/// free text only after <see cref="IdentifierHasher.RedactUids"/>: patient identity stays in the site's index.
/// </summary>
internal static partial class IngestionLog
{
    [LoggerMessage(8, LogLevel.Warning, "STOW-RS part {Part} failed ({Status:X4}): {Reason}")]
    public static partial void StowPartFailed(this ILogger logger, int part, ushort status, string reason);

    [LoggerMessage(9, LogLevel.Warning, "STOW-RS body broke off after {Parts} parts")]
    public static partial void StowBodyBroken(this ILogger logger, int parts, Exception exception);

    /// <summary>A message of the DICOM network layer, its UIDs already hashed.</summary>
    [LoggerMessage(EventId = 11, Message = "{Message}")]
    public static partial void DicomNetwork(this ILogger logger, LogLevel level, string message, Exception? exception);
}
