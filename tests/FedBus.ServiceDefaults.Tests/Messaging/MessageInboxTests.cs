using FedBus.ServiceDefaults.Messaging;
using FedBus.ServiceDefaults.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace FedBus.ServiceDefaults.Tests.Messaging;

/// <summary>The inbox's claims and leases, on a real LiteDB store, with the clock in the test's hand.</summary>
public sealed class MessageInboxTests : IDisposable
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"fedbus-inbox-{Guid.NewGuid():N}.db");
    private readonly LiteDbDocumentStore _store;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero));
    private readonly MessageInbox _inbox;
    private readonly MessageInbox _otherReplica;

    public MessageInboxTests()
    {
        _store = new LiteDbDocumentStore($"Filename={_file};Connection=direct");
        var options = new BusOptions { InboxLease = Lease };
        _inbox = new MessageInbox(_store, options, _time, NullLogger<MessageInbox>.Instance);
        _otherReplica = new MessageInbox(_store, options, _time, NullLogger<MessageInbox>.Instance);
    }

    [Fact]
    public async Task A_completed_message_is_reported_applied_to_every_later_delivery()
    {
        var id = Guid.NewGuid();
        var claim = (await _inbox.TryClaimAsync("c", id)).Claim!;
        await CompleteAsync(_inbox, claim);
        Assert.True((await _inbox.TryClaimAsync("c", id)).AlreadyApplied);
        Assert.Null(await _otherReplica.ClaimAsync("c", id));
    }

    [Fact]
    public async Task Another_consumer_applies_the_same_message_independently()
    {
        var id = Guid.NewGuid();
        await CompleteAsync(_inbox, (await _inbox.TryClaimAsync("first", id)).Claim!);
        Assert.NotNull((await _inbox.TryClaimAsync("second", id)).Claim);
    }

    [Fact]
    public async Task A_claim_is_held_until_its_lease_lapses_and_then_taken_over()
    {
        var id = Guid.NewGuid();
        var first = (await _inbox.TryClaimAsync("c", id)).Claim!;

        _time.Advance(Lease - TimeSpan.FromMilliseconds(1));
        var held = await _otherReplica.TryClaimAsync("c", id);
        Assert.Null(held.Claim);
        Assert.Equal(first.Entry.LeaseUntil, held.HeldUntil);
        Assert.Equal(_inbox.Holder, held.HeldBy);

        _time.Advance(TimeSpan.FromMilliseconds(1));
        var second = (await _otherReplica.TryClaimAsync("c", id)).Claim;
        Assert.NotNull(second);
        Assert.Equal(_otherReplica.Holder, second.Entry.Holder);
    }

    [Fact]
    public async Task A_claim_kept_renewed_is_never_taken_over_however_long_the_effect_runs()
    {
        var id = Guid.NewGuid();
        var claim = (await _inbox.TryClaimAsync("c", id)).Claim!;
        await using var lease = _inbox.Hold(claim, CancellationToken.None);
        for (var beat = 1; beat <= 12; beat++)
        {
            var renewed = claim.Version;
            _time.Advance(Lease / 3);
            await WaitUntil(() => claim.Version > renewed, $"renewal {beat}");
            Assert.Null((await _otherReplica.TryClaimAsync("c", id)).Claim);
        }
        Assert.Equal(13, claim.Version);
        Assert.Equal(_time.GetUtcNow() + Lease, claim.Entry.LeaseUntil);
        Assert.False(lease.Token.IsCancellationRequested);
    }

    [Fact]
    public async Task A_waiting_delivery_skips_the_message_once_the_holder_completes()
    {
        var id = Guid.NewGuid();
        var claim = (await _inbox.TryClaimAsync("c", id)).Claim!;
        var waiting = _otherReplica.ClaimAsync("c", id);

        await CompleteAsync(_inbox, claim);
        _time.Advance(new BusOptions { InboxLease = Lease }.InboxPollInterval);
        Assert.Null(await waiting.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task A_waiting_delivery_takes_over_a_dead_holders_claim_once_the_lease_lapses()
    {
        var id = Guid.NewGuid();
        var dead = (await _inbox.TryClaimAsync("c", id)).Claim!;
        var waiting = _otherReplica.ClaimAsync("c", id);
        var poll = new BusOptions { InboxLease = Lease }.InboxPollInterval;

        // Within the lease plus one poll: every poll before the lapse finds the claim held.
        for (var elapsed = TimeSpan.Zero; elapsed <= Lease && !waiting.IsCompleted; elapsed += poll)
            _time.Advance(poll);
        var taken = await waiting.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.NotNull(taken);
        Assert.True(_time.GetUtcNow() >= dead.Entry.LeaseUntil);
        Assert.True(_time.GetUtcNow() <= dead.Entry.LeaseUntil + poll);
        Assert.Equal(_otherReplica.Holder, taken.Entry.Holder);
    }

    [Fact]
    public async Task A_renewal_that_finds_the_claim_taken_over_cancels_the_effect_and_refuses_the_commit()
    {
        var id = Guid.NewGuid();
        var claim = (await _inbox.TryClaimAsync("c", id)).Claim!;
        await using var lease = _inbox.Hold(claim, CancellationToken.None);
        // Another delivery took the claim (as after a lease that lapsed while this holder's store did not answer).
        await _inbox.Entries.ReplaceAsync(claim.Key, claim.Entry with { Holder = "someone-else" }, claim.Version);

        _time.Advance(Lease / 3);
        await WaitUntil(() => lease.Token.IsCancellationRequested, "the effect's token to be cancelled");
        var effects = _store.Collection<CountedEffect>("effects");
        await Assert.ThrowsAsync<InboxClaimLostException>(() =>
            lease.CompleteAsync(c => _store.CommitAsync(NewEffect(effects, id, c))));
        Assert.Equal(0, await effects.CountAsync(DocumentFilter.All));
    }

    [Fact]
    public async Task A_commit_after_the_claim_was_taken_over_applies_none_of_the_effect()
    {
        var id = Guid.NewGuid();
        var stale = (await _inbox.TryClaimAsync("c", id)).Claim!;
        _time.Advance(Lease);
        var current = (await _otherReplica.TryClaimAsync("c", id)).Claim!;

        var effects = _store.Collection<CountedEffect>("effects");
        var e = await Assert.ThrowsAsync<ConcurrencyConflictException>(() => _store.CommitAsync(NewEffect(effects, id, stale)));
        Assert.Equal((MessageInbox.CollectionName, stale.Key), (e.Collection, e.Id));
        Assert.Equal(0, await effects.CountAsync(DocumentFilter.All));

        await _store.CommitAsync(NewEffect(effects, id, current));
        Assert.Equal(1, await effects.CountAsync(DocumentFilter.All));
    }

    [Fact]
    public async Task An_abandoned_claim_lets_the_next_delivery_apply_the_message_at_once()
    {
        var id = Guid.NewGuid();
        await _inbox.AbandonAsync((await _inbox.TryClaimAsync("c", id)).Claim!);
        Assert.NotNull((await _otherReplica.TryClaimAsync("c", id)).Claim);
    }

    [Fact]
    public void The_poll_is_a_tenth_of_the_lease_but_never_under_250_ms_and_bad_settings_are_refused_by_name()
    {
        Assert.Equal(TimeSpan.FromSeconds(3), new BusOptions { InboxLease = TimeSpan.FromSeconds(30) }.InboxPollInterval);
        Assert.Equal(TimeSpan.FromMilliseconds(250), new BusOptions { InboxLease = TimeSpan.FromSeconds(1) }.InboxPollInterval);
        Assert.Equal(TimeSpan.FromSeconds(10), new BusOptions { InboxLease = TimeSpan.FromSeconds(30) }.InboxRenewInterval);
        Assert.Contains("InboxLease", Assert.Throws<InvalidOperationException>(() => new BusOptions { InboxLease = TimeSpan.Zero }.Validate()).Message);
        Assert.Contains("InboxRetention", Assert.Throws<InvalidOperationException>(() =>
            new BusOptions { InboxLease = TimeSpan.FromHours(2), InboxRetention = TimeSpan.FromHours(1) }.Validate()).Message);
    }

    private DocumentBatch NewEffect(IDocumentCollection<CountedEffect> effects, Guid id, InboxClaim claim)
    {
        var batch = new DocumentBatch().Insert(effects, DeterministicId.Derive(id, "effect").ToString("N"), new CountedEffect(id));
        _inbox.AddCompletion(batch, claim);
        return batch;
    }

    private Task CompleteAsync(MessageInbox inbox, InboxClaim claim)
    {
        var batch = new DocumentBatch();
        inbox.AddCompletion(batch, claim);
        return _store.CommitAsync(batch);
    }

    // The heartbeat runs on the thread pool once the fake clock fires its timer; wait for its visible result.
    private static async Task WaitUntil(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Waited 10 s for {what}.");
            await Task.Delay(5);
        }
    }

    public void Dispose()
    {
        _store.Dispose();
        File.Delete(_file);
    }
}
