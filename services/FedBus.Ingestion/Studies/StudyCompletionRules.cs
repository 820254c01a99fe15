using FedBus.Ingestion.Index;

namespace FedBus.Ingestion.Studies;

/// <summary>
/// Decides when a study has finished arriving, on its stored record, so that every replica decides alike. A study is
/// complete when the association that sent it is released and no other association (on any replica) is still
/// sending it, or — for STOW-RS, aborted associations, restarts and replicas that died — when no new instance has
/// arrived for the settle time and no live sender holds it. Plain logic: the caller supplies the clock, reads and
/// writes the record (with its version) and does the publishing.
/// </summary>
public sealed class StudyCompletionRules(TimeSpan settleTime)
{
    public TimeSpan SettleTime { get; } = settleTime > TimeSpan.Zero
        ? settleTime
        : throw new ArgumentOutOfRangeException(nameof(settleTime), settleTime, "The settle time must be positive.");

    /// <summary>A new study, generation 1, receiving since <paramref name="now"/>, with the sender of its first instance.</summary>
    public StudyRecord Open(string studyInstanceUid, StudyAttributes attributes, string callingAeTitle, DateTimeOffset now) =>
        new(studyInstanceUid, attributes, callingAeTitle, now, StudyState.Receiving, 1, now, 0, null, 0)
        {
            OrderKey = StudyRecord.OrderKeyFor(studyInstanceUid, attributes),
            LastReceivedAt = now,
        };

    /// <summary>
    /// New instances of the study are being indexed, through an association (C-STORE) or without one (STOW-RS,
    /// recovery). A complete study opens a new generation; the association becomes (or stays) one of its senders.
    /// Applying it twice changes nothing more than the times.
    /// </summary>
    public StudyRecord InstancesArrived(StudyRecord study, Guid? associationId, DateTimeOffset now)
    {
        if (study.State == StudyState.Complete)
        {
            study = study with
            {
                State = StudyState.Receiving,
                Generation = study.Generation + 1,
                ReceivingSince = now,
                Senders = [],
                EndedByRelease = false,
            };
        }

        var senders = study.Senders;
        if (associationId is { } id)
            senders = [.. senders.Where(s => s.AssociationId != id), new StudySender(id, now)];
        return study with { LastReceivedAt = Max(study.LastReceivedAt, now), Senders = senders };
    }

    /// <summary>An open association that sends this study is still alive (its replica says so now and then).</summary>
    public StudyRecord StillSending(StudyRecord study, Guid associationId, DateTimeOffset now) =>
        study.Senders.Any(s => s.AssociationId == associationId)
            ? study with { Senders = [.. study.Senders.Select(s => s.AssociationId == associationId ? s with { LastSeenAt = now } : s)] }
            : study;

    /// <summary>
    /// The association ended. The last sender to end decides: a release completes the study now
    /// (<see cref="IsCompleteNow"/>), an abort leaves it to the settle time (the sender will likely resend).
    /// An association that is not a sender of the study changes nothing.
    /// </summary>
    public StudyRecord AssociationEnded(StudyRecord study, Guid associationId, bool released)
    {
        if (study.State != StudyState.Receiving || study.Senders.All(s => s.AssociationId != associationId)) return study;
        return study with { Senders = [.. study.Senders.Where(s => s.AssociationId != associationId)], EndedByRelease = released };
    }

    /// <summary>Released by its last sender: complete without waiting.</summary>
    public bool IsCompleteNow(StudyRecord study) =>
        study.State == StudyState.Receiving && study.Senders.Count == 0 && study.EndedByRelease;

    /// <summary>No new instance for the settle time and no sender seen alive within it.</summary>
    public bool IsSettled(StudyRecord study, DateTimeOffset now) =>
        study.State == StudyState.Receiving
        && now - study.LastReceivedAt >= SettleTime
        && study.Senders.All(s => now - s.LastSeenAt >= SettleTime);

    /// <summary>The study's current generation is being announced with <paramref name="instanceCount"/> instances.</summary>
    public StudyRecord Complete(StudyRecord study, int instanceCount, DateTimeOffset now) =>
        study with
        {
            State = StudyState.Complete,
            PublishedGeneration = study.Generation,
            PublishedAt = now,
            PublishedInstanceCount = instanceCount,
            Senders = [],
        };

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
