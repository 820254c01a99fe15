using System.Text.Json.Nodes;
using MongoDB.Bson;
using MongoDB.Driver;

namespace FedBus.ServiceDefaults.Storage;

internal sealed class MongoDocumentCollection<T>(IMongoCollection<BsonDocument> collection, string name) : IDocumentCollection<T>
    where T : class
{
    private const int CommandNotFound = 59;

    public string Name => name;

    public async Task<Stored<T>?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        var doc = await collection.Find(MongoWrites.ById(id)).Limit(1).FirstOrDefaultAsync(cancellationToken);
        return doc is null ? null : ToStored(doc);
    }

    public async Task<IReadOnlyList<Stored<T>>> FindAsync(
        DocumentFilter filter, FindOptions? options = null, CancellationToken cancellationToken = default)
    {
        var docs = await Find(filter, options ?? new FindOptions()).ToListAsync(cancellationToken);
        return docs.Select(ToStored).ToList();
    }

    private IFindFluent<BsonDocument, BsonDocument> Find(DocumentFilter filter, FindOptions options)
    {
        var find = collection.Find(MongoFilterTranslator.Translate(filter));
        if (options.Sort is { } sort)
            find = find.Sort(sort.Descending ? Builders<BsonDocument>.Sort.Descending(sort.Path) : Builders<BsonDocument>.Sort.Ascending(sort.Path));
        find = find.Skip(options.Skip);
        return options.Limit is { } limit ? find.Limit(limit) : find;
    }

    public Task<long> CountAsync(DocumentFilter filter, CancellationToken cancellationToken = default) =>
        collection.CountDocumentsAsync(MongoFilterTranslator.Translate(filter), cancellationToken: cancellationToken);

    public async Task<Stored<T>> InsertAsync(string id, T document, CancellationToken cancellationToken = default)
    {
        await ApplyAsync(new DocumentBatch().Insert(name, id, document), cancellationToken);
        return new Stored<T>(id, 1, document);
    }

    public async Task<Stored<T>> ReplaceAsync(string id, T document, long expectedVersion, CancellationToken cancellationToken = default)
    {
        await ApplyAsync(new DocumentBatch().Replace(name, id, document, expectedVersion), cancellationToken);
        return new Stored<T>(id, expectedVersion + 1, document);
    }

    public async Task<bool> DeleteAsync(string id, long? expectedVersion = null, CancellationToken cancellationToken = default)
    {
        try
        {
            return await ApplyAsync(new DocumentBatch().Delete(name, id, expectedVersion), cancellationToken);
        }
        catch (DocumentNotFoundException)
        {
            return false;
        }
    }

    public Task EnsureIndexAsync(string path, CancellationToken cancellationToken = default) =>
        collection.Indexes.CreateOneAsync(
            new CreateIndexModel<BsonDocument>(Builders<BsonDocument>.IndexKeys.Ascending(path)), cancellationToken: cancellationToken);

    public Task EnsureIndexAsync(IReadOnlyList<IndexKey> keys, CancellationToken cancellationToken = default)
    {
        if (keys.Count == 0) throw new ArgumentException("An index needs a key.", nameof(keys));
        var index = Builders<BsonDocument>.IndexKeys.Combine(keys.Select(k =>
            k.Descending ? Builders<BsonDocument>.IndexKeys.Descending(k.Path) : Builders<BsonDocument>.IndexKeys.Ascending(k.Path)));
        return collection.Indexes.CreateOneAsync(new CreateIndexModel<BsonDocument>(index), cancellationToken: cancellationToken);
    }

    public async Task<string> ExplainAsync(DocumentFilter filter, FindOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new FindOptions();
        var find = new BsonDocument
        {
            { "find", collection.CollectionNamespace.CollectionName },
            { "filter", MongoFilterTranslator.Translate(filter).Render(new RenderArgs<BsonDocument>(collection.DocumentSerializer, collection.Settings.SerializerRegistry)) },
            { "skip", options.Skip },
        };
        if (options.Sort is { } sort) find["sort"] = new BsonDocument(sort.Path, sort.Descending ? -1 : 1);
        if (options.Limit is { } limit) find["limit"] = limit;
        try
        {
            var explained = await collection.Database.RunCommandAsync<BsonDocument>(
                new BsonDocument { { "explain", find }, { "verbosity", "queryPlanner" } }, cancellationToken: cancellationToken);
            return explained.ToJson();
        }
        catch (MongoCommandException e) when (e.Code == CommandNotFound)
        {
            // Wire-compatible servers (jongodb) may run queries without explaining them.
            return $"The server cannot explain queries ({e.ErrorMessage}); the query was {find.ToJson()}";
        }
    }

    // A single write is atomic on its own: no session, so it needs no replica set.
    private Task<bool> ApplyAsync(DocumentBatch single, CancellationToken cancellationToken) =>
        MongoWrites.ApplyAsync(collection, null, single.Operations[0], cancellationToken);

    private static Stored<T> ToStored(BsonDocument doc) =>
        new(doc["_id"].AsString, doc[MongoWrites.VersionField].ToInt64(), DocumentJson.FromNode<T>((JsonObject)MongoJson.ToNode(doc, topLevel: true)!));
}
