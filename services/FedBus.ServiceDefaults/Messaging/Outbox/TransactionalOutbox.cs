using FedBus.ServiceDefaults.Storage;

namespace FedBus.ServiceDefaults.Messaging.Outbox;

/// <summary>
/// Commits units of work: their writes and their messages (as <see cref="OutboxEntry"/> documents in
/// <see cref="CollectionName"/>) in one <see cref="DocumentBatch"/>, then hands the messages to this host's dispatcher,
/// which publishes them at once. Use it from HTTP endpoints and background services; consumers get their unit of work
/// from <see cref="IdempotentConsumer{TMessage}"/>, which also commits the inbox record with it.
/// <code>
/// var work = outbox.Begin(cancellationToken);
/// work.Replace(tasks, id, task with { State = Submitted }, version)
///     .Publish(new AnnotationSubmitted(...));
/// await outbox.CommitAsync(work, cancellationToken);
/// </code>
/// </summary>
public sealed class TransactionalOutbox
{
    public const string CollectionName = "outbox";
    public const string WritersCollectionName = "outbox_writers";

    private readonly IDocumentStore _store;
    private readonly OutboxMessageTypes _types;
    private readonly OutboxQueue _queue;
    private readonly TimeProvider _time;

    internal TransactionalOutbox(IDocumentStore store, OutboxMessageTypes types, OutboxQueue queue, TimeProvider time)
    {
        _store = store;
        _types = types;
        _queue = queue;
        _time = time;
        Entries = store.Collection<OutboxEntry>(CollectionName);
    }

    public IDocumentCollection<OutboxEntry> Entries { get; }

    public UnitOfWork Begin(CancellationToken cancellationToken = default) => new(_types, cancellationToken);

    /// <summary>
    /// Stores the unit's writes and messages, all or nothing (the store's exceptions name a failing write); then its
    /// messages are published. A unit commits once: after a failure, begin a new one (re-read, decide again).
    /// </summary>
    public Task CommitAsync(UnitOfWork work, CancellationToken cancellationToken = default) => CommitAsync(work, null, cancellationToken);

    /// <summary>As <see cref="CommitAsync(UnitOfWork, CancellationToken)"/>, with more writes (an inbox completion) in the batch.</summary>
    internal async Task CommitAsync(UnitOfWork work, Action<DocumentBatch>? addToBatch, CancellationToken cancellationToken)
    {
        work.MarkCommitted();
        var now = _time.GetUtcNow();
        var batch = work.Writes;
        var pending = new List<PendingOutboxEntry>(work.Messages.Count);
        foreach (var m in work.Messages)
        {
            var entry = new OutboxEntry(m.MessageId, m.MessageType, m.Payload, m.Destination, m.TraceParent, OutboxState.Pending, now, null,
                _queue.Owner, 0, null);
            var id = _queue.NextId(now);
            batch.Insert(Entries, id, entry);
            pending.Add(new PendingOutboxEntry(id, 1, entry));
        }
        addToBatch?.Invoke(batch);
        await _store.CommitAsync(batch, cancellationToken);
        if (pending.Count > 0) _queue.Committed(pending);
    }
}
