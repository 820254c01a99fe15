namespace FedBus.Ingestion.Index;

public sealed record SeriesRecord(
    string SeriesInstanceUid,
    string StudyInstanceUid,
    string? Modality,
    int? SeriesNumber,
    string? SeriesDescription,
    string? BodyPartExamined,
    DateTimeOffset FirstReceivedAt)
{
    /// <summary>Kept current by every index commit, so a search reads it instead of counting.</summary>
    public int InstanceCount { get; init; }
}
