using FedBus.ServiceDefaults.Storage;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FedBus.ServiceDefaults.Tests.Messaging;

/// <summary>IdempotentConsumer on the in-memory bus, in a host wired like a service.</summary>
public sealed class InMemoryBusTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private readonly string _data = Directory.CreateTempSubdirectory("fedbus-inmemory-").FullName;

    [Fact]
    public async Task An_event_published_on_the_in_memory_bus_reaches_its_consumer()
    {
        var log = new EffectLog();
        using var host = TestHosts.Build(_data, TestHosts.InMemory(), log);
        await host.StartAsync();
        var id = Guid.NewGuid();
        await host.Services.GetRequiredService<IBus>().Publish(TestHosts.Study(id));
        await log.WaitForAsync(l => l.Applied.Contains(id), Patience);
        await host.StopAsync();
        Assert.Equal([id], log.Applied);
    }

    [Fact]
    public void A_service_bus_sends_no_usage_telemetry_to_the_library_vendor()
    {
        using var host = TestHosts.Build(_data, TestHosts.InMemory(), new EffectLog());
        Assert.False(host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<UsageTelemetryOptions>>().Value.Enabled);
    }

    [Fact]
    public async Task The_same_message_delivered_twice_is_applied_once()
    {
        var log = new EffectLog();
        using var host = TestHosts.Build(_data, TestHosts.InMemory(), log);
        await host.StartAsync();
        var bus = host.Services.GetRequiredService<IBus>();
        var id = Guid.NewGuid();
        var message = TestHosts.Study(id);
        await bus.Publish(message);
        await log.WaitForAsync(l => l.Applied.Count == 1, Patience);
        await bus.Publish(message);
        await log.WaitForAsync(l => l.Skipped.Count == 1, Patience);
        await host.StopAsync();
        Assert.Equal([id], log.Applied);
        Assert.Equal([id], log.Skipped);
        Assert.Equal(1, await EffectCount(host, id));
    }

    [Fact]
    public async Task A_second_delivery_while_the_first_outlasts_its_lease_waits_without_failing_and_then_skips()
    {
        // The effect runs 2.5 leases: only renewals keep the first claim from being taken over. A delivery that failed
        // instead of waiting would come back only after an hour (no immediate retries), so it could not be skipped here.
        // A 3 s lease (renewed every second): with 1 s, a full suite on 2 cores once stalled the renewals for a whole
        // lease, and the second delivery rightly took the claim over.
        var log = new EffectLog();
        using var host = TestHosts.Build(_data, TestHosts.InMemory(
                ("FedBus:Bus:InboxLease", "00:00:03"), ("FedBus:Bus:RetryLimit", "0"), ("FedBus:Bus:RedeliveryIntervals:0", "01:00:00")),
            log, new CountingBehaviour { EffectDuration = TimeSpan.FromSeconds(7.5) });
        await host.StartAsync();
        var bus = host.Services.GetRequiredService<IBus>();
        var id = Guid.NewGuid();
        await bus.Publish(TestHosts.Study(id));
        await log.WaitForAsync(l => l.Attempts.Count == 1, Patience);
        await bus.Publish(TestHosts.Study(id));
        await log.WaitForAsync(l => l.Applied.Count == 1 && l.Skipped.Count == 1, Patience);
        await host.StopAsync();
        // One attempt: the first claim was never taken over, and the second delivery waited for it.
        Assert.Equal([id], log.Attempts);
        Assert.Equal(1, await EffectCount(host, id));
    }

    [Fact]
    public async Task An_attempt_that_fails_after_adding_its_writes_commits_none_and_the_retry_applies_the_message_once()
    {
        var log = new EffectLog();
        using var host = TestHosts.Build(_data, TestHosts.InMemory(), log, new CountingBehaviour { FailuresBeforeSuccess = 2 });
        await host.StartAsync();
        var id = Guid.NewGuid();
        await host.Services.GetRequiredService<IBus>().Publish(TestHosts.Study(id));
        await log.WaitForAsync(l => l.Applied.Count == 1, Patience);
        await host.StopAsync();
        Assert.Equal([id, id, id], log.Attempts);
        Assert.Equal(1, await EffectCount(host, id));
    }

    private static Task<long> EffectCount(IHost host, Guid id) =>
        host.Services.GetRequiredService<IDocumentStore>().Collection<CountedEffect>(CountingStudyConsumer.EffectsCollection)
            .CountAsync(DocumentFilter.Eq("messageId", id));

    public void Dispose() => Directory.Delete(_data, recursive: true);
}
