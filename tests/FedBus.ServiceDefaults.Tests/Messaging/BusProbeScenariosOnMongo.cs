using FedBus.ServiceDefaults.Storage;
using FedBus.Testing;
using Xunit.Abstractions;

namespace FedBus.ServiceDefaults.Tests.Messaging;

/// <summary>The scenarios with each service's store a database on a MongoDB-compatible server (jongodb, as a replica set).</summary>
public sealed class BusProbeScenariosOnMongo(RabbitMqVirtualHost vhost, MongoCompatibleServer mongo, ITestOutputHelper output)
    : BusProbeScenarios(vhost, output), IClassFixture<MongoCompatibleServer>
{
    private readonly string _prefix = "probe" + Guid.NewGuid().ToString("N")[..8];

    protected override IDictionary<string, string> StoreSettings(string service) => new Dictionary<string, string>
    {
        ["FedBus__Storage__Provider"] = "Mongo",
        ["FedBus__Storage__MongoConnectionString"] = mongo.ConnectionString,
        ["FedBus__Storage__MongoDatabase"] = $"{_prefix}-{service}",
    };

    protected override IDocumentStore CreateStore(string service) => new MongoDocumentStore(mongo.ConnectionString, $"{_prefix}-{service}");
}
