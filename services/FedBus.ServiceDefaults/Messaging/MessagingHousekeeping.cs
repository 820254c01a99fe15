using FedBus.ServiceDefaults.Messaging.Outbox;
using FedBus.ServiceDefaults.Storage;
using FedBus.ServiceDefaults.Hosting;
using Microsoft.Extensions.Logging;

namespace FedBus.ServiceDefaults.Messaging;

/// <summary>
/// Keeps the inbox and the outbox bounded: every <see cref="BusOptions.HousekeepingInterval"/> it deletes completed
/// inbox entries older than <see cref="BusOptions.InboxRetention"/> (and claims whose lease lapsed that long ago), and
/// sent outbox entries older than <see cref="BusOptions.OutboxRetention"/> (and heartbeats of writers gone as long), a
/// page at a time, on indexed time fields.
/// A message redelivered after its inbox entry is gone would be applied again: keep the retention far longer than
/// any redelivery (the broker's, the outbox's).
/// </summary>
internal sealed class MessagingHousekeeping(IDocumentStore store, BusOptions options, TimeProvider time, ILogger<MessagingHousekeeping> logger)
    : PeriodicSweep(time)
{
    /// <summary>Entries deleted per batch.</summary>
    internal int PageSize { get; init; } = 500;

    private readonly IDocumentCollection<InboxEntry> _inbox = store.Collection<InboxEntry>(MessageInbox.CollectionName);
    private readonly IDocumentCollection<OutboxEntry> _outbox = store.Collection<OutboxEntry>(TransactionalOutbox.CollectionName);
    private readonly IDocumentCollection<OutboxWriter> _writers = store.Collection<OutboxWriter>(TransactionalOutbox.WritersCollectionName);

    protected override TimeSpan Interval => options.HousekeepingInterval;

    protected override async Task PrepareAsync(CancellationToken cancellationToken)
    {
        await _inbox.EnsureIndexAsync("completedAt", cancellationToken);
        await _inbox.EnsureIndexAsync("leaseUntil", cancellationToken);
        await OutboxDispatcher.EnsureIndexesAsync(_outbox, cancellationToken);
    }

    protected override Task SweepAsync(CancellationToken cancellationToken) => RunOnceAsync(cancellationToken);

    protected override void SweepFailed(Exception exception) => MessagingLog.HousekeepingFailed(logger, exception);

    /// <summary>One pass; returns how many inbox and outbox entries it deleted.</summary>
    public async Task<(int Inbox, int Outbox)> RunOnceAsync(CancellationToken cancellationToken)
    {
        var now = Time.GetUtcNow();
        var inboxCutoff = now - options.InboxRetention;
        var inbox = await DeleteAsync(_inbox, DocumentFilter.Or(
            DocumentFilter.And(DocumentFilter.Eq("state", InboxState.Completed), DocumentFilter.Lt("completedAt", inboxCutoff)),
            DocumentFilter.And(DocumentFilter.Eq("state", InboxState.Processing), DocumentFilter.Lt("leaseUntil", inboxCutoff))), cancellationToken);
        var outbox = await DeleteAsync(_outbox,
            DocumentFilter.And(DocumentFilter.Eq("state", OutboxState.Sent), DocumentFilter.Lt("sentAt", now - options.OutboxRetention)), cancellationToken);
        await DeleteAsync(_writers, DocumentFilter.Lt("aliveUntil", now - options.OutboxRetention), cancellationToken);
        if (inbox + outbox > 0) MessagingLog.HousekeepingDeleted(logger, inbox, outbox);
        return (inbox, outbox);
    }

    private async Task<int> DeleteAsync<T>(IDocumentCollection<T> collection, DocumentFilter expired, CancellationToken cancellationToken) where T : class
    {
        var deleted = 0;
        while (true)
        {
            var page = await collection.FindAsync(expired, new FindOptions(Limit: PageSize), cancellationToken);
            if (page.Count == 0) return deleted;
            var batch = new DocumentBatch();
            // No version: another replica's housekeeping deleting the same entries is not a conflict.
            foreach (var entry in page) batch.Delete(collection, entry.Id);
            await store.CommitAsync(batch, cancellationToken);
            deleted += page.Count;
            if (page.Count < PageSize) return deleted;
        }
    }
}
