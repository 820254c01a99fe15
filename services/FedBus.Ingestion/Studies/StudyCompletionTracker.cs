namespace FedBus.Ingestion.Studies;

/// <summary>
/// Decides when a study has finished arriving. A study is complete when the association that sent it is released
/// and no other open association is still sending it, or — for STOW-RS, aborted associations and restarts — when no
/// instance has arrived for the settle time. Plain logic: the caller supplies the clock and does the publishing.
/// Thread-safe: associations call it concurrently.
/// </summary>
public sealed class StudyCompletionTracker(TimeSpan settleTime)
{
    private readonly Dictionary<string, PendingStudy> _pending = new(StringComparer.Ordinal);
    private readonly Dictionary<Guid, HashSet<string>> _studiesByAssociation = [];
    private readonly Lock _lock = new();

    public TimeSpan SettleTime { get; } = settleTime > TimeSpan.Zero
        ? settleTime
        : throw new ArgumentOutOfRangeException(nameof(settleTime), settleTime, "The settle time must be positive.");

    public int PendingCount
    {
        get { lock (_lock) return _pending.Count; }
    }

    /// <summary>
    /// An instance of the study was stored, through an association (C-STORE) or without one (STOW-RS, recovery).
    /// True when the study was not pending before: the caller opens it.
    /// </summary>
    public bool InstanceReceived(string studyInstanceUid, Guid? associationId, DateTimeOffset at)
    {
        lock (_lock)
        {
            var opened = false;
            if (!_pending.TryGetValue(studyInstanceUid, out var study))
            {
                _pending[studyInstanceUid] = study = new PendingStudy();
                opened = true;
            }
            if (at > study.LastReceivedAt) study.LastReceivedAt = at;
            if (associationId is { } id)
            {
                study.OpenAssociations.Add(id);
                if (!_studiesByAssociation.TryGetValue(id, out var studies)) _studiesByAssociation[id] = studies = new(StringComparer.Ordinal);
                studies.Add(studyInstanceUid);
            }
            return opened;
        }
    }

    /// <summary>
    /// The association ended. Released: its studies that no other open association is sending are complete now
    /// (returned, and no longer tracked). Aborted: its studies wait for the settle time — the sender will likely retry.
    /// </summary>
    public IReadOnlyList<string> AssociationEnded(Guid associationId, bool released)
    {
        lock (_lock)
        {
            if (!_studiesByAssociation.Remove(associationId, out var studies)) return [];
            var complete = new List<string>();
            foreach (var uid in studies)
            {
                if (!_pending.TryGetValue(uid, out var study)) continue;
                study.OpenAssociations.Remove(associationId);
                // The last association to end decides: a release completes the study, an abort leaves it to the settle time.
                study.EndedByRelease = released;
                if (study.OpenAssociations.Count == 0 && study.EndedByRelease)
                {
                    _pending.Remove(uid);
                    complete.Add(uid);
                }
            }
            return complete;
        }
    }

    /// <summary>Studies no open association is sending and that got no instance for the settle time; no longer tracked.</summary>
    public IReadOnlyList<string> TakeSettled(DateTimeOffset now)
    {
        lock (_lock)
        {
            var settled = _pending
                .Where(p => p.Value.OpenAssociations.Count == 0 && now - p.Value.LastReceivedAt >= SettleTime)
                .Select(p => p.Key)
                .ToList();
            foreach (var uid in settled) _pending.Remove(uid);
            return settled;
        }
    }

    private sealed class PendingStudy
    {
        public DateTimeOffset LastReceivedAt { get; set; } = DateTimeOffset.MinValue;
        public HashSet<Guid> OpenAssociations { get; } = [];
        public bool EndedByRelease { get; set; }
    }
}
