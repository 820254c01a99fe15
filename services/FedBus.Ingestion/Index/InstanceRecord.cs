namespace FedBus.Ingestion.Index;

/// <summary>One stored instance in the study index; its id is the SOP Instance UID (one record per instance, ever).</summary>
public sealed record InstanceRecord(
    string SopInstanceUid,
    string SopClassUid,
    string SeriesInstanceUid,
    string StudyInstanceUid,
    string TransferSyntaxUid,
    string BlobSha256,
    long SizeBytes,
    int? InstanceNumber,
    int Rows,
    int Columns,
    int NumberOfFrames,
    string CallingAeTitle,
    IngestSource Source,
    DateTimeOffset ReceivedAt);
