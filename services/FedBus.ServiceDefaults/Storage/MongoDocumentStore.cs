using System.Collections.Concurrent;
using MongoDB.Bson;
using MongoDB.Driver;

namespace FedBus.ServiceDefaults.Storage;

/// <summary>
/// The production adapter. It needs find, insert, replace, delete, count, createIndexes and, for
/// <see cref="CommitAsync"/>, multi-document transactions — which MongoDB offers only on a replica set or a sharded
/// cluster. A single-node replica set is enough (mongod --replSet rs0, then rs.initiate() once).
/// </summary>
public sealed class MongoDocumentStore : IDocumentStore
{
    private readonly MongoClient _client;
    private readonly IMongoDatabase _database;
    private readonly ConcurrentDictionary<string, object> _collections = new();
    private volatile bool _transactionsChecked;

    public MongoDocumentStore(string connectionString, string databaseName)
    {
        _client = new MongoClient(connectionString);
        _database = _client.GetDatabase(databaseName);
    }

    public IDocumentCollection<T> Collection<T>(string name) where T : class
    {
        LiteDbNames.Check(name);
        return (IDocumentCollection<T>)_collections.GetOrAdd(
            name, n => new MongoDocumentCollection<T>(_database.GetCollection<BsonDocument>(n), n));
    }

    public async Task CommitAsync(DocumentBatch batch, CancellationToken cancellationToken = default)
    {
        if (batch.Count == 0) return;
        if (!_transactionsChecked) await CheckTransactionsAsync(cancellationToken);
        using var session = await _client.StartSessionAsync(cancellationToken: cancellationToken);
        // A transient error (a write conflict with another transaction) makes the driver run the whole callback again.
        await session.WithTransactionAsync(
            async (s, token) =>
            {
                foreach (var op in batch.Operations)
                    await MongoWrites.ApplyAsync(_database.GetCollection<BsonDocument>(op.Collection), s, op, token);
                return true;
            },
            cancellationToken: cancellationToken);
    }

    public Task PingAsync(CancellationToken cancellationToken = default) => CheckTransactionsAsync(cancellationToken);

    private async Task CheckTransactionsAsync(CancellationToken cancellationToken)
    {
        var hello = await _database.RunCommandAsync<BsonDocument>(new BsonDocument("hello", 1), cancellationToken: cancellationToken);
        var replicaSet = hello.Contains("setName");
        var sharded = hello.TryGetValue("msg", out var msg) && msg == "isdbgrid";
        if (!replicaSet && !sharded)
            throw new InvalidOperationException(
                "MongoDB is a standalone server: FedBus commits a state change, its events and its inbox record in one " +
                "multi-document transaction, which MongoDB offers only on a replica set. Run mongod as a single-node " +
                "replica set (mongod --replSet rs0, then rs.initiate() once) and name it in the connection string (?replicaSet=rs0).");
        _transactionsChecked = true;
    }
}
