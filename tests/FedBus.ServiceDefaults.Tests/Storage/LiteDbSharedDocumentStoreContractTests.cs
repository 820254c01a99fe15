namespace FedBus.ServiceDefaults.Tests.Storage;

/// <summary>The contract suite against LiteDB with Connection=shared, the mode several processes use one file in.</summary>
public sealed class LiteDbSharedDocumentStoreContractTests : LiteDbDocumentStoreContractTests
{
    protected override string ConnectionMode => "shared";
}
