namespace FedBus.Ingestion.Storing;

/// <summary>
/// What one association or STOW-RS request sent: how many of its staged instances still wait for the index, the first
/// failure among them, and the studies it sent instances of. Its end (release, response) waits for
/// <see cref="WhenCommittedAsync"/>. Thread-safe: the sender adds, the committer completes.
/// </summary>
public sealed class IngestUnit(Guid? associationId, string callingAeTitle)
{
    private readonly Lock _lock = new();
    private readonly HashSet<string> _studies = new(StringComparer.Ordinal);
    private readonly HashSet<string> _declared = new(StringComparer.Ordinal);
    private int _pending;
    private TaskCompletionSource? _committed;

    public Guid? AssociationId => associationId;

    public string CallingAeTitle => callingAeTitle;

    /// <summary>Why an instance of this unit that was answered as received could not be stored or indexed.</summary>
    public string? Failure
    {
        get { lock (_lock) return field; }
        private set;
    }

    public IReadOnlyList<string> StudiesSent
    {
        get { lock (_lock) return [.. _studies]; }
    }

    /// <summary>True the first time the unit sends an instance of this study: it then declares itself a sender.</summary>
    public bool FirstOf(string studyInstanceUid)
    {
        lock (_lock) return _declared.Add(studyInstanceUid);
    }

    /// <summary>Declaring failed: the next instance of the study tries again.</summary>
    public void Undeclare(string studyInstanceUid)
    {
        lock (_lock) _declared.Remove(studyInstanceUid);
    }

    public void Staged()
    {
        lock (_lock) _pending++;
    }

    public void Committed(IngestOutcome outcome, string? studyInstanceUid)
    {
        TaskCompletionSource? done = null;
        lock (_lock)
        {
            if (studyInstanceUid is not null) _studies.Add(studyInstanceUid);
            if (!outcome.Succeeded) Failure ??= outcome.Reason ?? $"status {(ushort)outcome.Status:X4}";
            if (--_pending == 0)
            {
                done = _committed;
                _committed = null;
            }
        }
        done?.TrySetResult();
    }

    /// <summary>Completes when every instance staged so far is indexed (or failed).</summary>
    public Task WhenCommittedAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_pending == 0) return Task.CompletedTask;
            _committed ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _committed.Task.WaitAsync(cancellationToken);
        }
    }
}
