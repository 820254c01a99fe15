using FedBus.Contracts;
using FedBus.ServiceDefaults.Messaging;
using FedBus.ServiceDefaults.Messaging.Outbox;
using FedBus.ServiceDefaults.Storage;
using FedBus.ServiceDefaults.Tests.Messaging;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace FedBus.ServiceDefaults.Tests.Outbox;

/// <summary>The transactional outbox in a host wired like a service: in-memory bus, LiteDB, the counting consumer.</summary>
public sealed class OutboxTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private readonly string _data = Directory.CreateTempSubdirectory("fedbus-outbox-").FullName;
    private readonly EffectLog _log = new();
    private readonly PublishLog _published = new();
    private readonly CapturedLog _captured = new();

    [Fact]
    public async Task An_event_committed_with_its_state_change_is_published_and_marked_sent()
    {
        using var host = await StartAsync();
        var (outbox, states) = Parts(host);
        var id = Guid.NewGuid();
        await outbox.CommitAsync(outbox.Begin().Insert(states, "s1", new CountedEffect(id)).Publish(TestHosts.Study(id)));

        await _log.WaitForAsync(l => l.Applied.Contains(id), Patience);
        var entry = await WaitForEntryAsync(outbox, id, OutboxState.Sent);
        Assert.NotNull(entry.SentAt);
        Assert.Equal(typeof(StudyReceived).FullName, entry.MessageType);
        Assert.NotNull(await states.GetAsync("s1"));
    }

    [Fact]
    public async Task A_unit_whose_commit_fails_stores_neither_its_writes_nor_its_events()
    {
        using var host = await StartAsync();
        var (outbox, states) = Parts(host);
        await states.InsertAsync("s1", new CountedEffect(Guid.NewGuid()));
        var lost = Guid.NewGuid();
        var work = outbox.Begin()
            .Insert(states, "s2", new CountedEffect(lost))
            .Replace(states, "s1", new CountedEffect(lost), expectedVersion: 7)
            .Publish(TestHosts.Study(lost));
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => outbox.CommitAsync(work));
        Assert.Throws<InvalidOperationException>(() => work.Publish(TestHosts.Study(lost)));

        Assert.Null(await states.GetAsync("s2"));
        Assert.Equal(0, await outbox.Entries.CountAsync(DocumentFilter.All));
        var next = Guid.NewGuid();
        await outbox.CommitAsync(outbox.Begin().Publish(TestHosts.Study(next)));
        await _log.WaitForAsync(l => l.Applied.Contains(next), Patience);
        Assert.Equal([next], _log.Applied);
    }

    [Fact]
    public async Task Events_are_published_in_the_order_their_units_committed()
    {
        using var host = await StartAsync();
        var (outbox, _) = Parts(host);
        var order = new List<Guid>();
        for (var unit = 0; unit < 4; unit++)
        {
            var work = outbox.Begin();
            for (var i = 0; i < 3; i++)
            {
                var id = Guid.NewGuid();
                order.Add(id);
                work.Publish(TestHosts.Study(id));
            }
            await outbox.CommitAsync(work);
        }

        await WaitAsync(() => _published.Published.Count >= order.Count, "every event to be published");
        Assert.Equal(order, _published.Published);
        // The entries' ids keep the same order for a sweep.
        Assert.Equal(order, (await outbox.Entries.FindAsync(DocumentFilter.All)).Select(e => e.Document.MessageId));
    }

    [Fact]
    public async Task A_burst_larger_than_one_batch_of_marks_is_published_in_order_and_every_entry_is_marked_sent_once()
    {
        using var host = await StartAsync();
        var (outbox, _) = Parts(host);
        // One unit of 150 events: the dispatcher finds them queued together and marks them in batches of 64.
        var order = Enumerable.Range(0, 150).Select(_ => Guid.NewGuid()).ToList();
        var work = outbox.Begin();
        foreach (var id in order) work.Publish(TestHosts.Study(id));
        await outbox.CommitAsync(work);

        await WaitAsync(() => _published.Published.Count >= order.Count, "every event to be published");
        Assert.Equal(order, _published.Published);
        await WaitAsync(async () => await outbox.Entries.CountAsync(DocumentFilter.Eq("state", OutboxState.Sent)) == order.Count, "every entry to be marked sent");
        // Each marked once: one replace after the insert.
        Assert.All(await outbox.Entries.FindAsync(DocumentFilter.All), e => Assert.Equal(2, e.Version));
    }

    [Fact]
    public async Task A_message_type_outside_the_contracts_is_refused_with_a_reason_unless_registered()
    {
        using var host = await StartAsync(services => services.AddOutboxMessageType<OutboxTestMessage>());
        var (outbox, _) = Parts(host);

        var refused = Assert.Throws<ArgumentException>(() => outbox.Begin().Publish(new UnregisteredTestMessage(Guid.NewGuid(), DateTimeOffset.UtcNow)));
        Assert.Contains("AddOutboxMessageType", refused.Message, StringComparison.Ordinal);
        Assert.Contains(nameof(UnregisteredTestMessage), refused.Message, StringComparison.Ordinal);

        var id = Guid.NewGuid();
        await outbox.CommitAsync(outbox.Begin().Publish(new OutboxTestMessage(id, DateTimeOffset.UtcNow, "registered")));
        await WaitAsync(() => _published.Published.Contains(id), "the registered message to be published");
    }

    [Fact]
    public async Task An_entry_naming_a_type_this_build_does_not_know_is_marked_failed_and_health_reports_it()
    {
        using var host = await StartAsync(settings: [("FedBus:Bus:OutboxSweepInterval", "00:00:00.100")]);
        var (outbox, _) = Parts(host);
        var past = DateTimeOffset.UtcNow.AddMinutes(-1);
        await outbox.Entries.InsertAsync("0000000000000000001-elsewhere", new OutboxEntry(
            Guid.NewGuid(), "FedBus.Contracts.SomethingNewer", "{}", null, null, OutboxState.Pending, past, null, "another-writer", 0, null));

        var entry = await WaitForEntryAsync(outbox, null, OutboxState.Failed);
        Assert.Contains("Unknown message type 'FedBus.Contracts.SomethingNewer'", entry.LastError, StringComparison.Ordinal);
        var health = await OutboxHealthAsync(host);
        Assert.Equal(HealthStatus.Degraded, health.Status);
        Assert.Contains("cannot be published", health.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_sweep_publishes_the_events_of_writers_that_are_gone_and_leaves_a_live_writers_events_to_it()
    {
        using var host = await StartAsync(settings: [("FedBus:Bus:OutboxSweepInterval", "00:00:00.100")]);
        var (outbox, _) = Parts(host);
        var writers = host.Services.GetRequiredService<IDocumentStore>().Collection<OutboxWriter>(TransactionalOutbox.WritersCollectionName);
        var now = DateTimeOffset.UtcNow;
        await writers.InsertAsync("live-writer", new OutboxWriter(now.AddHours(-1), now.AddHours(1)));
        await writers.InsertAsync("dead-writer", new OutboxWriter(now.AddHours(-1), now.AddMinutes(-1)));
        // A sweep reads the writers, then the entries. One that read the writers before these were inserted would take the
        // live writer's entry for a gone writer's (production never backdates an entry, so there its writer is always
        // seen). A probe entry that a sweep publishes shows that the sweeps after it see the writers.
        var probe = Guid.NewGuid();
        await outbox.Entries.InsertAsync("0000000000000000000-p", Entry(probe, "probe-writer", now.AddMinutes(-5)));
        await WaitForEntryAsync(outbox, probe, OutboxState.Sent);
        // In id order the live writer's entry comes first: a sweep that took it would publish it before the others.
        var (live, dead, unannounced) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        await outbox.Entries.InsertAsync("0000000000000000001-a", Entry(live, "live-writer", now.AddMinutes(-5)));
        await outbox.Entries.InsertAsync("0000000000000000002-b", Entry(dead, "dead-writer", now.AddMinutes(-5)));
        await outbox.Entries.InsertAsync("0000000000000000003-c", Entry(unannounced, "never-beat", now.AddMinutes(-5)));

        await _log.WaitForAsync(l => l.Applied.Contains(dead) && l.Applied.Contains(unannounced), Patience);
        await WaitForEntryAsync(outbox, unannounced, OutboxState.Sent);
        var kept = (await outbox.Entries.GetAsync("0000000000000000001-a"))!.Document;
        Assert.Equal((OutboxState.Pending, "live-writer"), (kept.State, kept.Owner));
        Assert.Equal([probe, dead, unannounced], _published.Published);
    }

    [Fact]
    public async Task An_event_the_broker_refuses_stays_pending_is_reported_and_is_published_once_the_broker_is_back()
    {
        using var host = await StartAsync(settings: [("FedBus:Bus:OutboxBacklogWarning", "00:00:01")]);
        var (outbox, _) = Parts(host);
        _published.Broken = true;
        var id = Guid.NewGuid();
        await outbox.CommitAsync(outbox.Begin().Publish(TestHosts.Study(id)));

        await WaitAsync(() => _captured.Lines.Any(l => l.Contains("not published", StringComparison.Ordinal)), "a warning about the failed publish");
        await WaitAsync(async () => (await OutboxHealthAsync(host)).Status == HealthStatus.Degraded, "/health to report the backlog");
        var health = await OutboxHealthAsync(host);
        Assert.Contains("1 events waiting to be published", health.Description, StringComparison.Ordinal);
        Assert.Contains("the broker is down", health.Description, StringComparison.Ordinal);
        var pending = (await outbox.Entries.FindAsync(DocumentFilter.Eq("messageId", id))).Single().Document;
        Assert.Equal(OutboxState.Pending, pending.State);
        Assert.True(pending.Attempts >= 1);

        _published.Broken = false;
        await _log.WaitForAsync(l => l.Applied.Contains(id), Patience);
        await WaitForEntryAsync(outbox, id, OutboxState.Sent);
        Assert.Equal(HealthStatus.Healthy, (await OutboxHealthAsync(host)).Status);
    }

    [Fact]
    public async Task A_publish_that_never_completes_is_given_up_after_its_timeout_and_the_event_is_published_by_the_retry()
    {
        using var host = await StartAsync(settings: [("FedBus:Bus:OutboxPublishTimeout", "00:00:01")]);
        var (outbox, _) = Parts(host);
        _published.Hanging = true;
        var stuck = Guid.NewGuid();
        await outbox.CommitAsync(outbox.Begin().Publish(TestHosts.Study(stuck)));

        await WaitAsync(() => _captured.Lines.Any(l => l.Contains("did not confirm the publish within 1 s", StringComparison.Ordinal)), "the timed-out publish reported");
        Assert.Equal(OutboxState.Pending, (await outbox.Entries.FindAsync(DocumentFilter.Eq("messageId", stuck))).Single().Document.State);

        // The broker answers again: the retry publishes it, and an event committed after it is not held behind it any more.
        _published.Hanging = false;
        var next = Guid.NewGuid();
        await outbox.CommitAsync(outbox.Begin().Publish(TestHosts.Study(next)));
        await _log.WaitForAsync(l => l.Applied.Contains(stuck) && l.Applied.Contains(next), Patience);
        await WaitForEntryAsync(outbox, stuck, OutboxState.Sent);
        await WaitForEntryAsync(outbox, next, OutboxState.Sent);
    }

    private async Task<IHost> StartAsync(Action<IServiceCollection>? configure = null, (string, string)[]? settings = null)
    {
        var host = TestHosts.Build(_data, TestHosts.InMemory(settings ?? []), _log, configure: services =>
        {
            services.AddPublishObserver(_ => _published);
            configure?.Invoke(services);
        }, captured: _captured);
        await host.StartAsync();
        return host;
    }

    private static (TransactionalOutbox Outbox, IDocumentCollection<CountedEffect> States) Parts(IHost host) =>
        (host.Services.GetRequiredService<TransactionalOutbox>(),
            host.Services.GetRequiredService<IDocumentStore>().Collection<CountedEffect>("states"));

    private static OutboxEntry Entry(Guid id, string owner, DateTimeOffset createdAt) =>
        new(id, typeof(StudyReceived).FullName!, System.Text.Json.JsonSerializer.Serialize(TestHosts.Study(id), OutboxMessageTypes.Json),
            null, null, OutboxState.Pending, createdAt, null, owner, 0, null);

    private static async Task<HealthReportEntry> OutboxHealthAsync(IHost host) =>
        (await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(c => c.Name == "outbox")).Entries["outbox"];

    private static async Task<OutboxEntry> WaitForEntryAsync(TransactionalOutbox outbox, Guid? messageId, OutboxState state)
    {
        OutboxEntry? found = null;
        await WaitAsync(async () =>
        {
            var filter = messageId is { } id ? DocumentFilter.Eq("messageId", id) : DocumentFilter.All;
            found = (await outbox.Entries.FindAsync(filter)).Select(e => e.Document).FirstOrDefault(e => e.State == state);
            return found is not null;
        }, $"an outbox entry in state {state}");
        return found!;
    }

    private static Task WaitAsync(Func<bool> condition, string what) => WaitAsync(() => Task.FromResult(condition()), what);

    private static async Task WaitAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Waited {Patience.TotalSeconds} s for {what}.");
            await Task.Delay(20);
        }
    }

    public void Dispose() => Directory.Delete(_data, recursive: true);
}
