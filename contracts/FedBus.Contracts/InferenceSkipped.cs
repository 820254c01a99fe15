namespace FedBus.Contracts;

/// <summary>
/// Inference did not run on an instance (or one frame of it), with the reason: no pixel data, colour, wrong modality,
/// undecodable frame, a model error. Recorded, never retried.
/// </summary>
public sealed record InferenceSkipped(
    Guid MessageId,
    DateTimeOffset OccurredAt,
    string SiteId,
    string StudyInstanceUid,
    string SeriesInstanceUid,
    string SopInstanceUid,
    int? Frame,
    string? ModelId,
    QcFlag Reason) : ISiteMessage;
