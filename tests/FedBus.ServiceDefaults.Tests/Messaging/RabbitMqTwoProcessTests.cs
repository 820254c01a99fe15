using FedBus.ServiceDefaults.Storage;
using FedBus.Testing;

namespace FedBus.ServiceDefaults.Tests.Messaging;

/// <summary>
/// Two separate service processes (the bus probe, built on AddServiceDefaults) on a real RabbitMQ, sharing a real
/// MongoDB-compatible store: the deployment shape of competing replicas.
/// </summary>
public sealed class RabbitMqTwoProcessTests(RabbitMqVirtualHost vhost, MongoCompatibleServer mongo)
    : IClassFixture<RabbitMqVirtualHost>, IClassFixture<MongoCompatibleServer>, IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly string _data = Directory.CreateTempSubdirectory("fedbus-probe-").FullName;
    private readonly string _database = "probe-" + Guid.NewGuid().ToString("N")[..10];

    [Fact]
    public async Task Two_service_processes_exchange_events_through_RabbitMQ()
    {
        await using var consumer = StartProbe("consume");
        await consumer.WaitForLineAsync(l => l.StartsWith("READY", StringComparison.Ordinal), Patience, "the consumer to start");

        var first = Guid.NewGuid();
        await using var publisher = StartProbe("publish", "3", first.ToString());
        var published = (await publisher.WaitForLinesAsync(l => l.StartsWith("PUBLISHED ", StringComparison.Ordinal), 3, Patience, "three publishes"))
            .Select(l => l["PUBLISHED ".Length..]).ToList();
        Assert.Equal(0, await publisher.WaitForExitAsync(Patience));

        foreach (var id in published)
            await consumer.WaitForLineAsync(l => l.StartsWith($"APPLIED {id}", StringComparison.Ordinal), Patience, $"the consumer to apply {id}");
        Assert.NotEqual(publisher.Id, consumer.Id);
    }

    [Fact]
    public async Task A_message_redelivered_after_the_consumer_crashed_is_applied_once()
    {
        var id = Guid.NewGuid();
        await using (var crashing = StartProbe("consume", "--crash-after-apply"))
        {
            await crashing.WaitForLineAsync(l => l.StartsWith("READY", StringComparison.Ordinal), Patience, "the first consumer to start");
            await using var publisher = StartProbe("publish", "1", id.ToString());
            Assert.Equal(0, await publisher.WaitForExitAsync(Patience));
            await crashing.WaitForLineAsync(l => l.StartsWith($"APPLIED {id}", StringComparison.Ordinal), Patience, "the first consumer to apply");
            await crashing.WaitForLineAsync(l => l.StartsWith("CRASHING", StringComparison.Ordinal), Patience, "the first consumer to crash");
            Assert.NotEqual(0, await crashing.WaitForExitAsync(Patience));
        }

        // The broker never got the ack, so it hands the message to the next replica, flagged as redelivered.
        await using var survivor = StartProbe("consume");
        var line = await survivor.WaitForLineAsync(
            l => (l.StartsWith("APPLIED ", StringComparison.Ordinal) || l.StartsWith("SKIPPED ", StringComparison.Ordinal)) && l.Contains(id.ToString(), StringComparison.Ordinal),
            Patience, "the redelivery");
        Assert.Equal($"SKIPPED {id} redelivered=True", line[..line.IndexOf(" pid=", StringComparison.Ordinal)]);

        var effects = new MongoDocumentStore(mongo.ConnectionString, _database).Collection<ProbeEffectView>("probe-effects");
        Assert.Equal(1, await effects.CountAsync(DocumentFilter.Eq("messageId", id)));
    }

    private ExternalProcess StartProbe(params string[] args)
    {
        var settings = new Dictionary<string, string>(vhost.Settings)
        {
            ["FedBus__DataDirectory"] = _data,
            ["FedBus__Storage__Provider"] = "Mongo",
            ["FedBus__Storage__MongoConnectionString"] = mongo.ConnectionString,
            ["FedBus__Storage__MongoDatabase"] = _database,
            ["FedBus__Bus__RedeliveryIntervals__0"] = "00:00:01",
        };
        return ExternalProcess.StartDotnet(RepositoryPaths.BuiltAssembly("tests/FedBus.BusProbe", "FedBus.BusProbe"), args, settings);
    }

    public void Dispose() => Directory.Delete(_data, recursive: true);

    private sealed record ProbeEffectView(Guid MessageId, int ProcessId);
}
