using FedBus.ServiceDefaults.Storage;
using FedBus.Testing;
using Xunit.Abstractions;

namespace FedBus.ServiceDefaults.Tests.Messaging;

/// <summary>The scenarios with each service's store in a LiteDB file its replicas share (Connection=shared).</summary>
public sealed class BusProbeScenariosOnLiteDb(RabbitMqVirtualHost vhost, ITestOutputHelper output) : BusProbeScenarios(vhost, output)
{
    protected override IDictionary<string, string> StoreSettings(string service) => new Dictionary<string, string>
    {
        ["FedBus__Storage__Provider"] = "LiteDb",
        ["FedBus__Storage__LiteDb"] = ConnectionString(service),
    };

    protected override IDocumentStore CreateStore(string service) => new LiteDbDocumentStore(ConnectionString(service));

    private string ConnectionString(string service) => $"Filename={Path.Combine(DataDirectory, service + ".litedb")};Connection=shared";
}
