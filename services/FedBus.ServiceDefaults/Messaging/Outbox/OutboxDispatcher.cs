using System.Diagnostics;
using System.Text.Json;
using FedBus.ServiceDefaults.Storage;
using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FedBus.ServiceDefaults.Messaging.Outbox;

/// <summary>
/// Publishes committed outbox entries and marks them sent. Two paths, one loop (so one order):
/// - immediate: entries this host just committed, woken by the commit, published in commit order;
/// - sweep (every <see cref="BusOptions.OutboxSweepInterval"/>): pending entries of writers whose heartbeat lapsed
///   (<see cref="BusOptions.OutboxRecoverAfter"/>: they died or lost their store), claimed first with an optimistic
///   replace so two replicas do not both publish them, then published in id (commit) order.
/// A publish that fails (broker down) or does not complete within <see cref="BusOptions.OutboxPublishTimeout"/> leaves the entry pending, logs a warning and backs off (0.5 s doubling to 30 s)
/// before trying the same entry again; later entries wait behind it. The heartbeat goes on meanwhile, so no other replica
/// takes this writer's entries while it lives. Publishes await the broker's confirm (RabbitMQ publisher confirms). An
/// entry published but not marked (the process died in between) is published again by a sweep: consumers' inboxes
/// absorb the repeat.
/// </summary>
internal sealed class OutboxDispatcher(
    IDocumentStore store, OutboxQueue queue, OutboxMessageTypes types, IBus bus, BusOptions options, TimeProvider time, ILogger<OutboxDispatcher> logger)
    : BackgroundService
{
    public const int SweepPage = 100;
    private const int MarkBatch = 64;
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    private readonly IDocumentCollection<OutboxEntry> _entries = store.Collection<OutboxEntry>(TransactionalOutbox.CollectionName);
    private readonly IDocumentCollection<OutboxWriter> _writers = store.Collection<OutboxWriter>(TransactionalOutbox.WritersCollectionName);
    private long? _heartbeatVersion;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // Announce this writer before anything can commit through it.
        await TryBeatAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var heartbeat = HeartbeatAsync(stoppingToken);
        try
        {
            await EnsureIndexesAsync(_entries, stoppingToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            MessagingLog.OutboxDispatchFailed(logger, e);
        }

        var backoff = TimeSpan.Zero;
        var nextSweep = time.GetUtcNow();
        try
        {
            while (true)
            {
                if (backoff > TimeSpan.Zero) await Task.Delay(backoff, time, stoppingToken);
                else await queue.WaitAsync(nextSweep - time.GetUtcNow(), time, stoppingToken);

                bool ok;
                try
                {
                    ok = await PublishCommittedAsync(stoppingToken);
                    if (ok && time.GetUtcNow() >= nextSweep)
                    {
                        ok = await SweepAsync(stoppingToken);
                        nextSweep = time.GetUtcNow() + options.OutboxSweepInterval;
                    }
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    // The store failed (publish failures are handled per entry): try again after a pause.
                    MessagingLog.OutboxDispatchFailed(logger, e);
                    ok = false;
                }
                backoff = ok ? TimeSpan.Zero : backoff == TimeSpan.Zero ? FirstBackoff : TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The bus stops after this service: give what was just committed a last chance; the rest waits for a sweep.
            using var last = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                await PublishCommittedAsync(last.Token);
            }
            catch (OperationCanceledException)
            {
            }
        }
        await heartbeat;
    }

    internal static async Task EnsureIndexesAsync(IDocumentCollection<OutboxEntry> entries, CancellationToken cancellationToken)
    {
        await entries.EnsureIndexAsync("state", cancellationToken);
        await entries.EnsureIndexAsync("sentAt", cancellationToken);
    }

    /// <summary>
    /// Publishes what this host committed, in order; false when a publish failed (back off, then resume there). The
    /// entries published are marked sent together, in one write per <see cref="MarkBatch"/>: a mark per entry was a
    /// third of a busy service's store writes.
    /// </summary>
    internal async Task<bool> PublishCommittedAsync(CancellationToken cancellationToken)
    {
        var sent = new List<(PendingOutboxEntry Pending, OutboxEntry Next)>();
        try
        {
            while (queue.TryPeek(out var entry))
            {
                if (!await PublishAsync(entry, cancellationToken, sent)) return false;
                queue.Dequeue();
                if (sent.Count >= MarkBatch) await MarkSentAsync(sent, cancellationToken);
            }
            return true;
        }
        finally
        {
            await MarkSentAsync(sent, CancellationToken.None);
        }
    }

    /// <summary>
    /// Marks published entries sent in one commit; if one of them changed meanwhile (taken over by another dispatcher),
    /// each on its own. An entry left unmarked stays pending and a sweep publishes it again: a repeat, never a loss.
    /// </summary>
    private async Task MarkSentAsync(List<(PendingOutboxEntry Pending, OutboxEntry Next)> sent, CancellationToken cancellationToken)
    {
        if (sent.Count == 0) return;
        var batch = new DocumentBatch();
        foreach (var (pending, next) in sent) batch.Replace(_entries, pending.Id, next, pending.Version);
        try
        {
            await store.CommitAsync(batch, cancellationToken);
            foreach (var (pending, next) in sent) pending.Replaced(next);
        }
        catch (Exception e) when (e is ConcurrencyConflictException or DocumentNotFoundException)
        {
            foreach (var (pending, next) in sent) await TryReplaceAsync(pending, next, cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            MessagingLog.OutboxStoreFailed(logger, sent[0].Pending.Id, e);
        }
        finally
        {
            sent.Clear();
        }
    }

    /// <summary>
    /// Takes over and publishes pending entries of writers that are gone: those whose heartbeat lapsed, or that never
    /// wrote one. Also this writer's own entries it does not hold in memory (past the queue's capacity).
    /// False when a publish failed.
    /// </summary>
    internal async Task<bool> SweepAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var alive = await _writers.FindAsync(DocumentFilter.Gte("aliveUntil", now), cancellationToken: cancellationToken);
        // Entries committed just now may not be in their writer's queue yet: leave them a moment.
        var due = new List<DocumentFilter>
        {
            DocumentFilter.Eq("state", OutboxState.Pending),
            DocumentFilter.Lt("createdAt", now - options.OutboxRecoverAfter),
        };
        due.AddRange(alive.Where(w => w.Id != queue.Owner).Select(w => DocumentFilter.Ne("owner", w.Id)));
        var entries = await _entries.FindAsync(DocumentFilter.And([.. due]), new FindOptions(Limit: SweepPage), cancellationToken);
        foreach (var stored in entries)
        {
            var pending = new PendingOutboxEntry(stored.Id, stored.Version, stored.Document);
            if (stored.Document.Owner != queue.Owner)
            {
                if (await TryReplaceAsync(pending, stored.Document with { Owner = queue.Owner }, cancellationToken) is not true)
                    return true; // Another dispatcher is on these entries: leave the rest to it, so they keep their order.
                MessagingLog.OutboxEntryRecovered(logger, stored.Id, stored.Document.MessageType, stored.Document.Owner);
            }
            if (!await PublishAsync(pending, cancellationToken)) return false;
        }
        return true;
    }

    private async Task HeartbeatAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (true)
            {
                await Task.Delay(options.OutboxRecoverAfter / 3, time, stoppingToken);
                await TryBeatAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task TryBeatAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var beat = new OutboxWriter(now, now + options.OutboxRecoverAfter);
        try
        {
            try
            {
                if (_heartbeatVersion is { } version) await _writers.ReplaceAsync(queue.Owner, beat, version, cancellationToken);
                else await _writers.InsertAsync(queue.Owner, beat, cancellationToken);
                _heartbeatVersion = (_heartbeatVersion ?? 0) + 1;
            }
            catch (Exception e) when (e is ConcurrencyConflictException or DocumentNotFoundException or DuplicateDocumentException)
            {
                // Deleted by housekeeping after a long store outage, or an earlier answer was lost: start from what is stored.
                _heartbeatVersion = (await _writers.GetAsync(queue.Owner, cancellationToken))?.Version;
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            MessagingLog.OutboxHeartbeatFailed(logger, queue.Owner, e);
        }
    }

    /// <summary>
    /// True when the entry needs nothing more from this dispatcher (sent, failed for good, or someone else's now). Given
    /// <paramref name="sent"/>, a published entry's mark is added there for the caller to write instead of written here.
    /// </summary>
    private async Task<bool> PublishAsync(PendingOutboxEntry pending, CancellationToken cancellationToken, List<(PendingOutboxEntry, OutboxEntry)>? sent = null)
    {
        var entry = pending.Entry;
        if (!types.TryResolve(entry.MessageType, out var type))
        {
            MessagingLog.OutboxTypeUnknown(logger, pending.Id, entry.MessageType);
            return await TryReplaceAsync(pending, entry with
            {
                State = OutboxState.Failed,
                Attempts = entry.Attempts + 1,
                LastError = $"Unknown message type '{entry.MessageType}': not in FedBus.Contracts nor registered with AddOutboxMessageType.",
            }, cancellationToken) is not null;
        }

        try
        {
            var message = JsonSerializer.Deserialize(entry.Payload, type, OutboxMessageTypes.Json)
                ?? throw new InvalidDataException($"Outbox entry {pending.Id} holds a null {type.Name}.");
            using var activity = entry.TraceParent is null
                ? null
                : FedBusTelemetry.ActivitySource.StartActivity("outbox publish", ActivityKind.Producer, entry.TraceParent);
            // Bounded: a publish that never completes (its channel lost in a broker restart, the confirm never coming)
            // would hold every later event. WaitAsync gives up even if the publish ignores its token.
            using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            bounded.CancelAfter(options.OutboxPublishTimeout);
            var sending = entry.Destination is null
                ? bus.Publish(message, type, bounded.Token)
                : SendAsync(entry.Destination, message, type, bounded.Token);
            try
            {
                await sending.WaitAsync(options.OutboxPublishTimeout, time, cancellationToken);
            }
            catch (Exception e) when (e is TimeoutException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                throw new TimeoutException($"The broker did not confirm the publish within {options.OutboxPublishTimeout.TotalSeconds:0.#} s.", e);
            }
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            MessagingLog.OutboxPublishFailed(logger, pending.Id, entry.MessageType, entry.Attempts + 1, e);
            // Taken over meanwhile (this writer's heartbeat lapsed): it is the other dispatcher's to publish.
            return await TryReplaceAsync(pending, entry with { Attempts = entry.Attempts + 1, LastError = e.Message }, cancellationToken) is false;
        }

        // Published. If marking fails the entry stays pending, and a sweep publishes it again: a repeat, never a loss.
        var marked = entry with { State = OutboxState.Sent, SentAt = time.GetUtcNow() };
        if (sent is not null) sent.Add((pending, marked));
        else await TryReplaceAsync(pending, marked, cancellationToken);
        return true;
    }

    private async Task SendAsync(string destination, object message, Type type, CancellationToken cancellationToken) =>
        await (await bus.GetSendEndpoint(new Uri(destination))).Send(message, type, cancellationToken);

    /// <summary>True: replaced; false: changed by another dispatcher; null: the store failed (logged).</summary>
    private async Task<bool?> TryReplaceAsync(PendingOutboxEntry pending, OutboxEntry next, CancellationToken cancellationToken)
    {
        try
        {
            await _entries.ReplaceAsync(pending.Id, next, pending.Version, cancellationToken);
            pending.Replaced(next);
            return true;
        }
        catch (Exception e) when (e is ConcurrencyConflictException or DocumentNotFoundException)
        {
            return false;
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            MessagingLog.OutboxStoreFailed(logger, pending.Id, e);
            return null;
        }
    }
}
