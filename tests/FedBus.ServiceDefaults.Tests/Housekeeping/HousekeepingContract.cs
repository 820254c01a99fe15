using FedBus.ServiceDefaults.Messaging;
using FedBus.ServiceDefaults.Messaging.Outbox;
using FedBus.ServiceDefaults.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace FedBus.ServiceDefaults.Tests.Housekeeping;

/// <summary>What housekeeping deletes and keeps; each adapter's class supplies a fresh store.</summary>
public abstract class HousekeepingContract
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Now);
    private readonly BusOptions _options = new() { InboxRetention = TimeSpan.FromDays(7), OutboxRetention = TimeSpan.FromDays(3) };

    protected abstract IDocumentStore CreateStore();

    [Fact]
    public async Task Entries_past_their_retention_are_deleted_page_by_page_and_everything_else_is_kept()
    {
        var store = CreateStore();
        var inbox = store.Collection<InboxEntry>(MessageInbox.CollectionName);
        var outbox = store.Collection<OutboxEntry>(TransactionalOutbox.CollectionName);
        var writers = store.Collection<OutboxWriter>(TransactionalOutbox.WritersCollectionName);
        var old = Now - TimeSpan.FromDays(8);
        var recent = Now - TimeSpan.FromDays(1);
        var seed = new DocumentBatch();
        for (var i = 0; i < 7; i++) seed.Insert(inbox, $"old-done-{i}", Inbox(InboxState.Completed, old, old));
        seed.Insert(inbox, "old-lapsed", Inbox(InboxState.Processing, old, null));
        seed.Insert(inbox, "recent-done", Inbox(InboxState.Completed, recent, recent));
        seed.Insert(inbox, "live", Inbox(InboxState.Processing, Now + TimeSpan.FromSeconds(30), null));
        for (var i = 0; i < 5; i++) seed.Insert(outbox, $"old-sent-{i}", Outbox(OutboxState.Sent, old, old));
        seed.Insert(outbox, "four-days-sent", Outbox(OutboxState.Sent, Now - TimeSpan.FromDays(4), Now - TimeSpan.FromDays(4)));
        seed.Insert(outbox, "recent-sent", Outbox(OutboxState.Sent, recent, recent));
        seed.Insert(outbox, "old-pending", Outbox(OutboxState.Pending, old, null));
        seed.Insert(outbox, "old-failed", Outbox(OutboxState.Failed, old, null));
        seed.Insert(writers, "gone-writer", new OutboxWriter(old, old));
        seed.Insert(writers, "live-writer", new OutboxWriter(old, Now + TimeSpan.FromSeconds(5)));
        await store.CommitAsync(seed);

        var housekeeping = new MessagingHousekeeping(store, _options, _time, NullLogger<MessagingHousekeeping>.Instance) { PageSize = 3 };
        Assert.Equal((8, 6), await housekeeping.RunOnceAsync(CancellationToken.None));

        Assert.Equal(["live", "recent-done"], (await inbox.FindAsync(DocumentFilter.All)).Select(e => e.Id));
        Assert.Equal(["old-failed", "old-pending", "recent-sent"], (await outbox.FindAsync(DocumentFilter.All)).Select(e => e.Id));
        Assert.Equal(["live-writer"], (await writers.FindAsync(DocumentFilter.All)).Select(e => e.Id));
        Assert.Equal((0, 0), await housekeeping.RunOnceAsync(CancellationToken.None));
    }

    private static InboxEntry Inbox(InboxState state, DateTimeOffset leaseUntil, DateTimeOffset? completedAt) =>
        new(state, "consumer", Guid.NewGuid(), leaseUntil - TimeSpan.FromSeconds(30), leaseUntil, completedAt, "holder");

    private static OutboxEntry Outbox(OutboxState state, DateTimeOffset createdAt, DateTimeOffset? sentAt) =>
        new(Guid.NewGuid(), "FedBus.Contracts.StudyReceived", "{}", null, null, state, createdAt, sentAt, "writer", 0, null);
}
