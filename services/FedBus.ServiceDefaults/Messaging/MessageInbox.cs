using FedBus.ServiceDefaults.Storage;
using Microsoft.Extensions.Logging;

namespace FedBus.ServiceDefaults.Messaging;

/// <summary>
/// Remembers, in the document store, which messages each consumer has applied, so a redelivered or republished message
/// has no second effect, also when another replica receives it. A delivery claims the message (an entry in
/// <see cref="CollectionName"/> with a lease), keeps the lease renewed while its effect runs, and completes the claim in
/// the same <see cref="DocumentBatch"/> as the effect's writes (<see cref="IdempotentConsumer{TMessage}"/> does all this).
/// A second delivery meanwhile waits: it skips the message once the claim is completed, and takes it over once the
/// lease lapses unrenewed (the holder died). Correctness does not rest on the lease — a completion is a replace at the
/// claim's version, which fails once the claim was taken over — the lease only decides when to take over.
/// </summary>
public sealed class MessageInbox
{
    public const string CollectionName = "inbox";

    private readonly BusOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<MessageInbox> _logger;
    private readonly IDocumentCollection<InboxEntry> _entries;

    public MessageInbox(IDocumentStore store, BusOptions options, TimeProvider time, ILogger<MessageInbox> logger)
    {
        _options = options;
        _time = time;
        _logger = logger;
        _entries = store.Collection<InboxEntry>(CollectionName);
    }

    /// <summary>Names the process in the entries it claims: machine, process id and a tag per inbox (so per host).</summary>
    public string Holder { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..6]}";

    public TimeSpan Lease => _options.InboxLease;

    public IDocumentCollection<InboxEntry> Entries => _entries;

    public static string KeyOf(string consumer, Guid messageId) => $"{consumer}:{messageId:N}";

    /// <summary>
    /// Claims the message for this delivery, waiting while another live delivery holds it. Null when the consumer has
    /// already applied it. Cancelled by <paramref name="cancellationToken"/> only.
    /// </summary>
    public async Task<InboxClaim?> ClaimAsync(string consumer, Guid messageId, CancellationToken cancellationToken = default)
    {
        var waited = false;
        while (true)
        {
            var attempt = await TryClaimAsync(consumer, messageId, cancellationToken);
            if (attempt.Claim is not null || attempt.AlreadyApplied) return attempt.Claim;
            if (!waited)
            {
                MessagingLog.WaitingForClaim(_logger, consumer, messageId, attempt.HeldBy, attempt.HeldUntil);
                waited = true;
            }
            await Task.Delay(_options.InboxPollInterval, _time, cancellationToken);
        }
    }

    /// <summary>One look: claim the message if nobody holds it (or the holder's lease lapsed), without waiting.</summary>
    public async Task<InboxClaimAttempt> TryClaimAsync(string consumer, Guid messageId, CancellationToken cancellationToken = default)
    {
        var key = KeyOf(consumer, messageId);
        for (var race = 0; race < 3; race++)
        {
            var now = _time.GetUtcNow();
            var fresh = new InboxEntry(InboxState.Processing, consumer, messageId, now, now + _options.InboxLease, null, Holder);
            var existing = await _entries.GetAsync(key, cancellationToken);
            try
            {
                if (existing is null)
                {
                    await _entries.InsertAsync(key, fresh, cancellationToken);
                    return InboxClaimAttempt.Claimed(new InboxClaim(key, 1, fresh));
                }
                var held = existing.Document;
                if (held.State == InboxState.Completed) return InboxClaimAttempt.Applied;
                if (held.LeaseUntil > now) return InboxClaimAttempt.Held(held.LeaseUntil, held.Holder);
                await _entries.ReplaceAsync(key, fresh, existing.Version, cancellationToken);
                MessagingLog.ClaimTakenOver(_logger, consumer, messageId, held.Holder, now - held.LeaseUntil);
                return InboxClaimAttempt.Claimed(new InboxClaim(key, existing.Version + 1, fresh));
            }
            catch (Exception e) when (e is DuplicateDocumentException or ConcurrencyConflictException or DocumentNotFoundException)
            {
                // Another delivery changed the entry between our read and our write: look again.
            }
        }
        return InboxClaimAttempt.Held(_time.GetUtcNow(), null);
    }

    /// <summary>Extends the claim's lease. False when the claim was taken over (or abandoned): stop, do not commit.</summary>
    public async Task<bool> RenewAsync(InboxClaim claim, CancellationToken cancellationToken = default)
    {
        var renewed = claim.Entry with { LeaseUntil = _time.GetUtcNow() + _options.InboxLease };
        try
        {
            await _entries.ReplaceAsync(claim.Key, renewed, claim.Version, cancellationToken);
        }
        catch (Exception e) when (e is ConcurrencyConflictException or DocumentNotFoundException)
        {
            return false;
        }
        claim.Renewed(renewed);
        return true;
    }

    /// <summary>Adds the claim's completion to <paramref name="batch"/>: it commits only while the claim is still this one's.</summary>
    public void AddCompletion(DocumentBatch batch, InboxClaim claim)
    {
        var now = _time.GetUtcNow();
        batch.Replace(_entries, claim.Key, claim.Entry with { State = InboxState.Completed, CompletedAt = now, LeaseUntil = now }, claim.Version);
    }

    /// <summary>Releases the claim after a failed attempt so the next delivery applies the message without waiting.</summary>
    public async Task AbandonAsync(InboxClaim claim, CancellationToken cancellationToken = default)
    {
        try
        {
            await _entries.DeleteAsync(claim.Key, claim.Version, cancellationToken);
        }
        catch (ConcurrencyConflictException)
        {
            // Taken over (or completed by a commit whose answer was lost): the entry is no longer ours to delete.
        }
    }

    /// <summary>Starts renewing the claim every third of the lease until the lease is completed, abandoned or disposed.</summary>
    internal InboxLease Hold(InboxClaim claim, CancellationToken delivery) => new(this, claim, _options.InboxRenewInterval, _time, _logger, delivery);
}
