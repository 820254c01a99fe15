namespace FedBus.Ingestion.Index;

/// <summary>
/// A study's patient/study attributes (for QIDO-RS) and its completion state. A study that gets new instances after it
/// was complete opens a new generation, which is published again when it completes. The state lives here, in the
/// document store, so several ingestion replicas receiving parts of one study agree on when it is complete.
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
    int PublishedInstanceCount)
{
    /// <summary>Kept current by every index commit, so a search reads them instead of counting.</summary>
    public int SeriesCount { get; init; }

    public int InstanceCount { get; init; }

    public IReadOnlyList<string> Modalities { get; init; } = [];

    /// <summary>Study date, time and UID in one string: a unique key that orders study searches (newest first) on an index.</summary>
    public string OrderKey { get; init; } = "";

    /// <summary>When the last new instance of the current generation was indexed.</summary>
    public DateTimeOffset LastReceivedAt { get; init; }

    public IReadOnlyList<StudySender> Senders { get; init; } = [];

    /// <summary>Whether the last sender to end released its association (complete at once) or aborted (wait to settle).</summary>
    public bool EndedByRelease { get; init; }

    public static string OrderKeyFor(string studyInstanceUid, StudyAttributes attributes) =>
        $"{attributes.StudyDate ?? ""}|{attributes.StudyTime ?? ""}|{studyInstanceUid}";
}
