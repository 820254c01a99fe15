namespace FedBus.Ingestion.Index;

public sealed record SeriesRecord(
    string SeriesInstanceUid,
    string StudyInstanceUid,
    string? Modality,
    int? SeriesNumber,
    string? SeriesDescription,
    string? BodyPartExamined,
    DateTimeOffset FirstReceivedAt);
