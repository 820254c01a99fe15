using FedBus.ServiceDefaults.Storage;
using FedBus.Testing;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FedBus.ServiceDefaults.Tests.Storage;

public sealed class MongoStandaloneServerTests(StandaloneMongoCompatibleServer server) : IClassFixture<StandaloneMongoCompatibleServer>
{
    [Fact]
    public async Task A_batch_on_a_standalone_server_fails_saying_a_replica_set_is_needed_and_health_reports_it()
    {
        var store = new MongoDocumentStore(server.ConnectionString, "standalone-" + Guid.NewGuid().ToString("N")[..8]);
        var samples = store.Collection<SampleInner>("samples");
        await samples.InsertAsync("single", new SampleInner("CT", 1));

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            store.CommitAsync(new DocumentBatch().Insert(samples, "batched", new SampleInner("CT", 2))));
        Assert.Contains("replica set", e.Message, StringComparison.Ordinal);
        Assert.Null(await samples.GetAsync("batched"));

        var health = await new DocumentStoreHealthCheck(store).CheckHealthAsync(new HealthCheckContext());
        Assert.Equal(HealthStatus.Unhealthy, health.Status);
        Assert.Contains("replica set", health.Description, StringComparison.Ordinal);
    }
}
