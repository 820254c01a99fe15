using System.Collections.Concurrent;
using MongoDB.Bson;
using MongoDB.Driver;

namespace FedBus.ServiceDefaults.Storage;

/// <summary>The production adapter. It needs nothing beyond find, insert, replace, delete, count and createIndexes.</summary>
public sealed class MongoDocumentStore : IDocumentStore
{
    private readonly IMongoDatabase _database;
    private readonly ConcurrentDictionary<string, object> _collections = new();

    public MongoDocumentStore(string connectionString, string databaseName)
    {
        _database = new MongoClient(connectionString).GetDatabase(databaseName);
    }

    public IDocumentCollection<T> Collection<T>(string name) where T : class
    {
        LiteDbNames.Check(name);
        return (IDocumentCollection<T>)_collections.GetOrAdd(
            name, n => new MongoDocumentCollection<T>(_database.GetCollection<BsonDocument>(n), n));
    }

    public Task PingAsync(CancellationToken cancellationToken = default) =>
        _database.RunCommandAsync<BsonDocument>(new BsonDocument("ping", 1), cancellationToken: cancellationToken);
}
