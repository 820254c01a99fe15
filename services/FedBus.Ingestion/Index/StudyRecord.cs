namespace FedBus.Ingestion.Index;

/// <summary>
/// A study's patient/study attributes (for QIDO-RS) and its completion state. A study that gets new instances after it
/// was complete opens a new generation, which is published again when it completes.
/// </summary>
public sealed record StudyRecord(
    string StudyInstanceUid,
    StudyAttributes Attributes,
    string CallingAeTitle,
    DateTimeOffset FirstReceivedAt,
    StudyState State,
    int Generation,
    DateTimeOffset ReceivingSince,
    int PublishedGeneration,
    DateTimeOffset? PublishedAt,
    int PublishedInstanceCount);
