using FedBus.ServiceDefaults.Storage;

namespace FedBus.ServiceDefaults.Messaging;

/// <summary>
/// Remembers which messages a consumer has applied, in the document store, so a redelivered message has no second effect
/// even when another replica receives it. A claim holds a lease: a consumer that died mid-way is taken over after it.
/// </summary>
public sealed class MessageInbox(IDocumentStore store, TimeProvider time)
{
    public const string CollectionName = "inbox";
    public static readonly TimeSpan DefaultLease = TimeSpan.FromMinutes(5);

    private readonly IDocumentCollection<InboxEntry> _entries = store.Collection<InboxEntry>(CollectionName);

    /// <summary>Null if the message was already applied by this consumer.</summary>
    public async Task<InboxClaim?> TryClaimAsync(string consumer, Guid messageId, TimeSpan? lease = null, CancellationToken cancellationToken = default)
    {
        var key = $"{consumer}:{messageId:N}";
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var now = time.GetUtcNow();
            var entry = new InboxEntry(InboxState.Processing, consumer, messageId, now, now + (lease ?? DefaultLease), null);
            var existing = await _entries.GetAsync(key, cancellationToken);
            try
            {
                if (existing is null)
                    return new InboxClaim(key, (await _entries.InsertAsync(key, entry, cancellationToken)).Version, entry);
                if (existing.Document.State == InboxState.Completed)
                    return null;
                if (existing.Document.LeaseUntil > now)
                    throw new MessageInProgressException(key, existing.Document.LeaseUntil);
                var taken = await _entries.ReplaceAsync(key, entry, existing.Version, cancellationToken);
                return new InboxClaim(key, taken.Version, entry);
            }
            catch (Exception e) when (e is DuplicateDocumentException or ConcurrencyConflictException or DocumentNotFoundException)
            {
                // Lost a race with another delivery: look again.
            }
        }
        throw new MessageInProgressException(key, time.GetUtcNow());
    }

    public async Task CompleteAsync(InboxClaim claim, CancellationToken cancellationToken = default)
    {
        var done = claim.Entry with { State = InboxState.Completed, CompletedAt = time.GetUtcNow() };
        await _entries.ReplaceAsync(claim.Key, done, claim.Version, cancellationToken);
    }

    /// <summary>Releases the claim after a failed attempt so the next delivery can apply the message.</summary>
    public async Task AbandonAsync(InboxClaim claim, CancellationToken cancellationToken = default)
    {
        try
        {
            await _entries.DeleteAsync(claim.Key, claim.Version, cancellationToken);
        }
        catch (ConcurrencyConflictException)
        {
            // Our lease expired and another delivery took over; it owns the entry now.
        }
    }
}
