using FedBus.ServiceDefaults.Storage;
using Microsoft.Extensions.Logging;

namespace FedBus.ServiceDefaults.Messaging;

/// <summary>
/// Keeps one claim alive while its effect runs: renews it on a heartbeat and, if a renewal finds the claim taken over,
/// cancels <see cref="Token"/> and refuses to commit. The commit waits for a renewal in flight to finish, so its replace
/// names the claim's current version.
/// </summary>
internal sealed class InboxLease : IAsyncDisposable
{
    private readonly MessageInbox _inbox;
    private readonly InboxClaim _claim;
    private readonly TimeSpan _renewEvery;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _lost = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly CancellationTokenSource _effect;
    private readonly Task _heartbeat;

    public InboxLease(MessageInbox inbox, InboxClaim claim, TimeSpan renewEvery, TimeProvider time, ILogger logger, CancellationToken delivery)
    {
        _inbox = inbox;
        _claim = claim;
        _renewEvery = renewEvery;
        _time = time;
        _logger = logger;
        _effect = CancellationTokenSource.CreateLinkedTokenSource(delivery, _lost.Token);
        _heartbeat = HeartbeatAsync();
    }

    public InboxClaim Claim => _claim;

    /// <summary>Cancelled when the delivery is cancelled (bus stopping) or the claim was lost.</summary>
    public CancellationToken Token => _effect.Token;

    public bool IsLost => _lost.IsCancellationRequested;

    /// <summary>
    /// Stops the heartbeat and runs <paramref name="commit"/>, which must replace the inbox entry at the claim's version
    /// together with the effect. Throws <see cref="InboxClaimLostException"/> when the claim is no longer this one's.
    /// </summary>
    public async Task CompleteAsync(Func<InboxClaim, Task> commit)
    {
        await StopAsync();
        if (IsLost) throw new InboxClaimLostException(_claim.Key);
        try
        {
            await commit(_claim);
        }
        catch (Exception e) when (e is ConcurrencyConflictException { Collection: MessageInbox.CollectionName } c && c.Id == _claim.Key
                                  || e is DocumentNotFoundException { Collection: MessageInbox.CollectionName } n && n.Id == _claim.Key)
        {
            throw new InboxClaimLostException(_claim.Key, e);
        }
    }

    /// <summary>Stops the heartbeat and releases the claim (best effort: if that fails, the lease lapses instead).</summary>
    public async Task AbandonAsync()
    {
        await StopAsync();
        try
        {
            await _inbox.AbandonAsync(_claim, CancellationToken.None);
        }
        catch (Exception e)
        {
            MessagingLog.AbandonFailed(_logger, _claim.Key, e);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _effect.Dispose();
        _lost.Dispose();
        _stop.Dispose();
    }

    private async Task StopAsync()
    {
        if (!_stop.IsCancellationRequested) await _stop.CancelAsync();
        // Lets a renewal in flight finish, so the claim's version is the stored one.
        await _heartbeat;
    }

    private async Task HeartbeatAsync()
    {
        while (true)
        {
            try
            {
                await Task.Delay(_renewEvery, _time, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            try
            {
                // Not cancellable: a renewal cut off half-way would leave the claim's version unknown.
                if (!await _inbox.RenewAsync(_claim, CancellationToken.None))
                {
                    MessagingLog.ClaimLost(_logger, _claim.Key);
                    await _lost.CancelAsync();
                    return;
                }
            }
            catch (Exception e)
            {
                // The store did not answer; try again next beat. If the lease lapses meanwhile, the commit finds out.
                MessagingLog.RenewFailed(_logger, _claim.Key, e);
            }
        }
    }
}
