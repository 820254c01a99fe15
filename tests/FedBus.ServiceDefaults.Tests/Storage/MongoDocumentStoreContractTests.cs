using FedBus.ServiceDefaults.Storage;
using FedBus.Testing;

namespace FedBus.ServiceDefaults.Tests.Storage;

/// <summary>The contract suite against the MongoDB adapter, talking to a real wire-compatible server (jongodb).</summary>
public sealed class MongoDocumentStoreContractTests(MongoCompatibleServer server) : DocumentStoreContract, IClassFixture<MongoCompatibleServer>
{
    // The server offers no drop command, so each test gets a database of its own.
    protected override IDocumentStore CreateStore() =>
        new MongoDocumentStore(server.ConnectionString, "contract-" + Guid.NewGuid().ToString("N")[..12]);
}
