using System.Diagnostics;
using FedBus.ServiceDefaults.Messaging;
using FedBus.ServiceDefaults.Messaging.Outbox;
using FedBus.ServiceDefaults.Storage;
using FedBus.Testing;
using Xunit.Abstractions;

namespace FedBus.ServiceDefaults.Tests.Messaging;

/// <summary>
/// Separate service processes (the bus probe, built on AddServiceDefaults) on a real RabbitMQ, killed at the moments that
/// matter: the deployment shape of competing replicas and restarts. Each adapter's class says where a service keeps its
/// store (replicas of one service share it); the processes of one test are "consumer", "writer" and "publisher".
/// </summary>
[Collection(BusProbeCollection.Name)]
public abstract class BusProbeScenarios(RabbitMqVirtualHost vhost, ITestOutputHelper output) : IClassFixture<RabbitMqVirtualHost>, IDisposable
{
    protected static readonly TimeSpan Lease = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly List<IDocumentStore> _opened = [];

    protected string DataDirectory { get; } = Directory.CreateTempSubdirectory("fedbus-probe-").FullName;

    /// <summary>Environment for a process of <paramref name="service"/>: which store it uses.</summary>
    protected abstract IDictionary<string, string> StoreSettings(string service);

    /// <summary>The test's own connection to <paramref name="service"/>'s store, beside the running processes.</summary>
    protected abstract IDocumentStore CreateStore(string service);

    [Fact]
    public async Task A_message_redelivered_after_the_consumer_crashed_past_its_commit_is_skipped()
    {
        var id = Guid.NewGuid();
        await using (var crashing = await StartReadyAsync("consumer", "consume", "--crash-after-apply"))
        {
            await PublishAsync(id);
            await crashing.WaitForLineAsync(l => l.StartsWith($"APPLIED {id}", StringComparison.Ordinal), Patience, "the first consumer to apply");
            await crashing.WaitForLineAsync(l => l.StartsWith("CRASHING", StringComparison.Ordinal), Patience, "the first consumer to crash");
            Assert.NotEqual(0, await crashing.WaitForExitAsync(Patience));
        }

        // The broker never got the ack, so it hands the message to the next replica, flagged as redelivered.
        await using var survivor = Start("consumer", "consume");
        var line = await survivor.WaitForLineAsync(
            l => (l.StartsWith("APPLIED ", StringComparison.Ordinal) || l.StartsWith("SKIPPED ", StringComparison.Ordinal)) && l.Contains(id.ToString(), StringComparison.Ordinal),
            Patience, "the redelivery");
        Assert.Equal($"SKIPPED {id} redelivered=True", line[..line.IndexOf(" pid=", StringComparison.Ordinal)]);
        Assert.Equal(1, await Effects("consumer").CountAsync(DocumentFilter.Eq("messageId", id)));
    }

    [Fact]
    public async Task A_consumer_killed_mid_effect_leaves_the_message_to_another_replica_that_applies_it_once_within_the_lease()
    {
        // Both replicas stall in the effect of a first delivery; whichever gets the message is killed there.
        var id = Guid.NewGuid();
        await using var a = Start("consumer", "consume", "--hang-in-effect");
        await using var b = Start("consumer", "consume", "--hang-in-effect");
        await Task.WhenAll(ReadyAsync(a), ReadyAsync(b));
        await PublishAsync(id);
        var holder = await FirstToPrintAsync([a, b], $"EFFECT-STARTED {id} redelivered=False");
        var survivor = holder == a ? b : a;

        var sinceKill = Stopwatch.StartNew();
        await holder.KillAsync();
        // The redelivery reaches the survivor at once; it waits for the dead holder's lease (renewed until the kill).
        await survivor.WaitForLineAsync(l => l.StartsWith($"APPLIED {id}", StringComparison.Ordinal), Lease + TimeSpan.FromSeconds(15),
            "the other replica to take the message over and apply it");
        output.WriteLine($"applied by the other replica {sinceKill.Elapsed.TotalSeconds:0.0} s after the kill (lease {Lease.TotalSeconds} s)");

        Assert.Contains($"EFFECT-STARTED {id} redelivered=True", survivor.Transcript, StringComparison.Ordinal);
        var effect = Assert.Single(await Effects("consumer").FindAsync(DocumentFilter.Eq("messageId", id)));
        Assert.Equal(survivor.Id, effect.Document.ProcessId);
        var inbox = Assert.Single(await Open("consumer").Collection<InboxEntry>(MessageInbox.CollectionName).FindAsync(DocumentFilter.Eq("messageId", id)));
        Assert.Equal(InboxState.Completed, inbox.Document.State);
        Assert.Contains($"/{survivor.Id}/", inbox.Document.Holder, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_event_whose_writer_died_between_commit_and_publish_is_published_after_a_restart_and_applied_once()
    {
        var id = Guid.NewGuid();
        await using var consumer = await StartReadyAsync("consumer", "consume");
        await using (var writer = Start("writer", "commit", id.ToString(), "--crash-before-publish"))
        {
            await writer.WaitForLineAsync(l => l.StartsWith($"COMMITTED {id}", StringComparison.Ordinal), Patience, "the commit");
            await writer.WaitForLineAsync(l => l.StartsWith("CRASHING before publish", StringComparison.Ordinal), Patience, "the crash before the publish");
            Assert.NotEqual(0, await writer.WaitForExitAsync(Patience));
        }
        // The state change and its event are stored together; the event is not published.
        Assert.NotNull(await Open("writer").Collection<ProbeStateView>("probe_states").GetAsync(id.ToString("N")));
        Assert.Equal(OutboxState.Pending, (await OutboxEntryAsync("writer", id)).State);

        await using var restarted = Start("writer", "dispatch");
        await consumer.WaitForLineAsync(l => l.StartsWith($"APPLIED {id}", StringComparison.Ordinal), Patience, "the consumer to apply the recovered event");
        await WaitForSentAsync("writer", id);
        Assert.Equal(1, await Effects("consumer").CountAsync(DocumentFilter.Eq("messageId", id)));
    }

    [Fact]
    public async Task An_event_published_again_because_its_writer_died_before_marking_it_sent_is_applied_once()
    {
        var id = Guid.NewGuid();
        await using var consumer = await StartReadyAsync("consumer", "consume");
        await using (var writer = Start("writer", "commit", id.ToString(), "--crash-after-publish"))
        {
            await writer.WaitForLineAsync(l => l.StartsWith("CRASHING after publish", StringComparison.Ordinal), Patience, "the crash after the publish");
            Assert.NotEqual(0, await writer.WaitForExitAsync(Patience));
        }
        await consumer.WaitForLineAsync(l => l.StartsWith($"APPLIED {id}", StringComparison.Ordinal), Patience, "the consumer to apply the first publish");
        Assert.Equal(OutboxState.Pending, (await OutboxEntryAsync("writer", id)).State);

        await using var restarted = Start("writer", "dispatch");
        // A second publish of the same message (not a broker redelivery), which the consumer's inbox absorbs.
        await consumer.WaitForLineAsync(l => l.StartsWith($"SKIPPED {id} redelivered=False", StringComparison.Ordinal), Patience, "the repeat to be skipped");
        await WaitForSentAsync("writer", id);
        Assert.Single(consumer.Transcript.Split('\n'), l => l.StartsWith($"APPLIED {id}", StringComparison.Ordinal));
        Assert.Equal(1, await Effects("consumer").CountAsync(DocumentFilter.Eq("messageId", id)));
    }

    private ExternalProcess Start(string service, params string[] args)
    {
        var settings = new Dictionary<string, string>(vhost.Settings)
        {
            ["FedBus__DataDirectory"] = Path.Combine(DataDirectory, service),
            ["FedBus__Bus__RedeliveryIntervals__0"] = "00:00:01",
            ["FedBus__Bus__InboxLease"] = Lease.ToString(),
            ["FedBus__Bus__OutboxRecoverAfter"] = "00:00:01",
            ["FedBus__Bus__OutboxSweepInterval"] = "00:00:00.250",
        };
        foreach (var (key, value) in StoreSettings(service)) settings[key] = value;
        return ExternalProcess.StartDotnet(RepositoryPaths.BuiltAssembly("tests/FedBus.BusProbe", "FedBus.BusProbe"), args, settings);
    }

    private async Task<ExternalProcess> StartReadyAsync(string service, params string[] args)
    {
        var process = Start(service, args);
        await ReadyAsync(process);
        return process;
    }

    private static Task ReadyAsync(ExternalProcess process) =>
        process.WaitForLineAsync(l => l.StartsWith("READY", StringComparison.Ordinal), Patience, "the probe to start");

    private async Task PublishAsync(Guid id)
    {
        await using var publisher = Start("publisher", "publish", "1", id.ToString());
        Assert.Equal(0, await publisher.WaitForExitAsync(Patience));
    }

    private static async Task<ExternalProcess> FirstToPrintAsync(IReadOnlyList<ExternalProcess> processes, string line)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (DateTime.UtcNow < deadline)
        {
            var first = processes.FirstOrDefault(p => p.Transcript.Contains(line, StringComparison.Ordinal));
            if (first is not null) return first;
            await Task.Delay(20);
        }
        throw new TimeoutException($"No process printed '{line}' within {Patience.TotalSeconds} s.\n" +
                                   string.Join("\n----\n", processes.Select(p => p.Transcript)));
    }

    private IDocumentStore Open(string service)
    {
        var store = CreateStore(service);
        _opened.Add(store);
        return store;
    }

    private IDocumentCollection<ProbeEffectView> Effects(string service) => Open(service).Collection<ProbeEffectView>("probe_effects");

    private async Task<OutboxEntry> OutboxEntryAsync(string service, Guid messageId) =>
        Assert.Single(await Open(service).Collection<OutboxEntry>(TransactionalOutbox.CollectionName).FindAsync(DocumentFilter.Eq("messageId", messageId))).Document;

    private async Task WaitForSentAsync(string service, Guid messageId)
    {
        var deadline = DateTime.UtcNow + Patience;
        while ((await OutboxEntryAsync(service, messageId)).State != OutboxState.Sent)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"The outbox entry of {messageId} was not marked sent within {Patience.TotalSeconds} s.");
            await Task.Delay(50);
        }
    }

    public void Dispose()
    {
        foreach (var store in _opened.OfType<IDisposable>()) store.Dispose();
        Directory.Delete(DataDirectory, recursive: true);
        GC.SuppressFinalize(this);
    }

    private sealed record ProbeEffectView(Guid MessageId, int ProcessId);

    private sealed record ProbeStateView(Guid MessageId, string Status);
}
