using FedBus.ServiceDefaults.Storage;
using FedBus.Testing;

namespace FedBus.ServiceDefaults.Tests.Housekeeping;

public sealed class MongoHousekeepingTests(MongoCompatibleServer server) : HousekeepingContract, IClassFixture<MongoCompatibleServer>
{
    protected override IDocumentStore CreateStore() =>
        new MongoDocumentStore(server.ConnectionString, "housekeeping-" + Guid.NewGuid().ToString("N")[..12]);
}
