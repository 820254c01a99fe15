using FedBus.ServiceDefaults.Messaging;
using FedBus.ServiceDefaults.Storage;
using Microsoft.Extensions.Time.Testing;

namespace FedBus.ServiceDefaults.Tests.Messaging;

public sealed class MessageInboxTests : IDisposable
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"fedbus-inbox-{Guid.NewGuid():N}.db");
    private readonly LiteDbDocumentStore _store;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero));
    private readonly MessageInbox _inbox;

    public MessageInboxTests()
    {
        _store = new LiteDbDocumentStore($"Filename={_file};Connection=direct");
        _inbox = new MessageInbox(_store, _time);
    }

    [Fact]
    public async Task A_completed_message_cannot_be_claimed_again()
    {
        var id = Guid.NewGuid();
        var claim = await _inbox.TryClaimAsync("c", id);
        Assert.NotNull(claim);
        await _inbox.CompleteAsync(claim);
        Assert.Null(await _inbox.TryClaimAsync("c", id));
    }

    [Fact]
    public async Task Another_consumer_type_applies_the_same_message_independently()
    {
        var id = Guid.NewGuid();
        await _inbox.CompleteAsync((await _inbox.TryClaimAsync("first", id))!);
        Assert.NotNull(await _inbox.TryClaimAsync("second", id));
    }

    [Fact]
    public async Task A_message_in_progress_elsewhere_is_refused_until_its_lease_expires_then_taken_over()
    {
        var id = Guid.NewGuid();
        var first = await _inbox.TryClaimAsync("c", id, TimeSpan.FromMinutes(1));
        Assert.NotNull(first);
        await Assert.ThrowsAsync<MessageInProgressException>(() => _inbox.TryClaimAsync("c", id));

        _time.Advance(TimeSpan.FromMinutes(2));
        var second = await _inbox.TryClaimAsync("c", id);
        Assert.NotNull(second);
        // The first holder lost its claim: completing with the stale version is a conflict, not a silent success.
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => _inbox.CompleteAsync(first));
        await _inbox.CompleteAsync(second);
        Assert.Null(await _inbox.TryClaimAsync("c", id));
    }

    [Fact]
    public async Task An_abandoned_claim_lets_the_next_delivery_apply_the_message()
    {
        var id = Guid.NewGuid();
        await _inbox.AbandonAsync((await _inbox.TryClaimAsync("c", id))!);
        Assert.NotNull(await _inbox.TryClaimAsync("c", id));
    }

    public void Dispose()
    {
        _store.Dispose();
        File.Delete(_file);
    }
}
