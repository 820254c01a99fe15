using FedBus.ServiceDefaults.Storage;
using FedBus.Testing;

namespace FedBus.ServiceDefaults.Tests.Storage;

/// <summary>The contract suite against the MongoDB adapter, talking to a real wire-compatible server (jongodb).</summary>
public sealed class MongoDocumentStoreContractTests(MongoCompatibleServer server) : DocumentStoreContract, IClassFixture<MongoCompatibleServer>
{
    // The server offers no drop command, so each test gets a database of its own.
    protected override IDocumentStore CreateStore() =>
        new MongoDocumentStore(server.ConnectionString, "contract-" + Guid.NewGuid().ToString("N")[..12]);

    // MongoDB aborts the later of two transactions writing one document (WriteConflict; WithTransactionAsync retries it,
    // and the retry then finds the new version). jongodb 0.1.6 merges each transaction's snapshot at commit, last one
    // winning — even over a plain write made meanwhile — so this property cannot be shown against it.
    [Fact(Skip = "jongodb 0.1.6 does not detect write conflicts between concurrent transactions (last commit wins); MongoDB does")]
    public Task Of_concurrent_batches_replacing_the_same_version_exactly_one_commits_whole() =>
        ConcurrentBatchesFromTheSameVersionLetExactlyOneCommit();
}
