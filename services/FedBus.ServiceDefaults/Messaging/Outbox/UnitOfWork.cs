using System.Diagnostics;
using System.Text.Json;
using FedBus.Contracts;
using FedBus.ServiceDefaults.Storage;

namespace FedBus.ServiceDefaults.Messaging.Outbox;

/// <summary>
/// A state change and the messages it publishes, committed as one: <see cref="TransactionalOutbox.CommitAsync"/> (or,
/// in a consumer, <see cref="IdempotentConsumer{TMessage}"/>) stores every write and one outbox entry per message in a
/// single <see cref="DocumentBatch"/> — all of it or none. The outbox dispatcher then publishes the messages (in the order
/// they were added) with the broker's confirms; if the process dies first, another replica's dispatcher (or this one's,
/// after a restart) publishes them. So a committed message is published at least once — consumers' inboxes absorb a
/// repeat — and a message of a change that did not commit is never published.
/// Only store writes added here are part of the unit; anything else the handler does (blob writes, computation, calls
/// to other systems) may run again when the unit is retried. Messages published any other way (IBus, ConsumeContext)
/// bypass the outbox. Not thread-safe; commit once.
/// </summary>
public sealed class UnitOfWork
{
    private readonly OutboxMessageTypes _types;
    private readonly List<OutboxMessage> _messages = [];
    private bool _committed;

    internal UnitOfWork(OutboxMessageTypes types, CancellationToken cancellationToken)
    {
        _types = types;
        CancellationToken = cancellationToken;
    }

    /// <summary>
    /// For long work inside the unit. In a consumer it is cancelled when the bus stops or when this delivery's inbox claim
    /// was taken over (the unit will then not commit).
    /// </summary>
    public CancellationToken CancellationToken { get; }

    internal DocumentBatch Writes { get; } = new();

    internal IReadOnlyList<OutboxMessage> Messages => _messages;

    public UnitOfWork Insert<T>(IDocumentCollection<T> collection, string id, T document) where T : class
    {
        Open().Writes.Insert(collection, id, document);
        return this;
    }

    public UnitOfWork Replace<T>(IDocumentCollection<T> collection, string id, T document, long expectedVersion) where T : class
    {
        Open().Writes.Replace(collection, id, document, expectedVersion);
        return this;
    }

    public UnitOfWork Delete<T>(IDocumentCollection<T> collection, string id, long? expectedVersion = null) where T : class
    {
        Open().Writes.Delete(collection, id, expectedVersion);
        return this;
    }

    /// <summary>Publishes <paramref name="message"/> (as its runtime type) once the unit has committed.</summary>
    public UnitOfWork Publish<T>(T message) where T : class, IFedBusMessage => Add(message, null);

    /// <summary>Sends <paramref name="message"/> to one endpoint (e.g. "queue:training") once the unit has committed.</summary>
    public UnitOfWork Send<T>(Uri destination, T message) where T : class, IFedBusMessage => Add(message, destination.ToString());

    internal void MarkCommitted()
    {
        Open();
        _committed = true;
    }

    private UnitOfWork Add(IFedBusMessage message, string? destination)
    {
        ArgumentNullException.ThrowIfNull(message);
        var type = message.GetType();
        Open()._messages.Add(new OutboxMessage(
            message.MessageId, _types.NameOf(type), JsonSerializer.Serialize(message, type, OutboxMessageTypes.Json), destination, Activity.Current?.Id));
        return this;
    }

    private UnitOfWork Open() =>
        _committed ? throw new InvalidOperationException("This unit of work has been committed; begin a new one.") : this;
}
