namespace FedBus.Testing;

/// <summary>jongodb as a standalone server (no replica set), for tests of what happens without transactions.</summary>
public sealed class StandaloneMongoCompatibleServer : MongoCompatibleServer
{
    protected override IReadOnlyList<string> TopologyArguments => [];
}
