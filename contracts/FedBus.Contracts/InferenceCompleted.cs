namespace FedBus.Contracts;

/// <summary>The current global model ran on one image of a study. The prediction bytes are in the site's blob store.</summary>
public sealed record InferenceCompleted(
    Guid MessageId,
    DateTimeOffset OccurredAt,
    string SiteId,
    string StudyInstanceUid,
    string SeriesInstanceUid,
    string SopInstanceUid,
    int Frame,
    string ModelId,
    int ModelVersion,
    TaskKind Task,
    string PredictionBlobSha256,
    UncertaintySummary Uncertainty,
    IReadOnlyList<QcFlag> QcFlags) : ISiteMessage;
