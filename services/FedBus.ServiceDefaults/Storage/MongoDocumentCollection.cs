using System.Text.Json.Nodes;
using MongoDB.Bson;
using MongoDB.Driver;

namespace FedBus.ServiceDefaults.Storage;

internal sealed class MongoDocumentCollection<T>(IMongoCollection<BsonDocument> collection, string name) : IDocumentCollection<T>
    where T : class
{
    private const string VersionField = "_v";
    private static readonly FilterDefinitionBuilder<BsonDocument> Filter = Builders<BsonDocument>.Filter;

    public async Task<Stored<T>?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        var doc = await collection.Find(ById(id)).Limit(1).FirstOrDefaultAsync(cancellationToken);
        return doc is null ? null : ToStored(doc);
    }

    public async Task<IReadOnlyList<Stored<T>>> FindAsync(
        DocumentFilter filter, FindOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new FindOptions();
        var sort = options.SortBy is null
            ? Builders<BsonDocument>.Sort.Ascending("_id")
            : options.Descending ? Builders<BsonDocument>.Sort.Descending(options.SortBy) : Builders<BsonDocument>.Sort.Ascending(options.SortBy);
        var find = collection.Find(MongoFilterTranslator.Translate(filter)).Sort(sort).Skip(options.Skip);
        if (options.Limit is { } limit) find = find.Limit(limit);
        var docs = await find.ToListAsync(cancellationToken);
        return docs.Select(ToStored).ToList();
    }

    public Task<long> CountAsync(DocumentFilter filter, CancellationToken cancellationToken = default) =>
        collection.CountDocumentsAsync(MongoFilterTranslator.Translate(filter), cancellationToken: cancellationToken);

    public async Task<Stored<T>> InsertAsync(string id, T document, CancellationToken cancellationToken = default)
    {
        try
        {
            await collection.InsertOneAsync(ToBson(id, document, 1), cancellationToken: cancellationToken);
        }
        catch (Exception e) when (IsDuplicateKey(e))
        {
            throw new DuplicateDocumentException(name, id);
        }
        return new Stored<T>(id, 1, document);
    }

    public async Task<Stored<T>> ReplaceAsync(string id, T document, long expectedVersion, CancellationToken cancellationToken = default)
    {
        var result = await collection.ReplaceOneAsync(
            ById(id) & Filter.Eq(VersionField, expectedVersion), ToBson(id, document, expectedVersion + 1),
            cancellationToken: cancellationToken);
        if (result.MatchedCount == 0) throw await MissOrConflict(id, expectedVersion, cancellationToken);
        return new Stored<T>(id, expectedVersion + 1, document);
    }

    public async Task<bool> DeleteAsync(string id, long? expectedVersion = null, CancellationToken cancellationToken = default)
    {
        var filter = expectedVersion is { } v ? ById(id) & Filter.Eq(VersionField, v) : ById(id);
        var result = await collection.DeleteOneAsync(filter, cancellationToken);
        if (result.DeletedCount > 0) return true;
        if (expectedVersion is { } expected && await GetAsync(id, cancellationToken) is not null)
            throw new ConcurrencyConflictException(name, id, expected);
        return false;
    }

    public Task EnsureIndexAsync(string path, CancellationToken cancellationToken = default) =>
        collection.Indexes.CreateOneAsync(
            new CreateIndexModel<BsonDocument>(Builders<BsonDocument>.IndexKeys.Ascending(path)), cancellationToken: cancellationToken);

    private async Task<Exception> MissOrConflict(string id, long expectedVersion, CancellationToken cancellationToken) =>
        await GetAsync(id, cancellationToken) is null
            ? new DocumentNotFoundException(name, id)
            : new ConcurrencyConflictException(name, id, expectedVersion);

    private static FilterDefinition<BsonDocument> ById(string id) => Filter.Eq("_id", id);

    // A real server reports a duplicate as a write error; wire-compatible test servers may answer with command error 11000.
    private static bool IsDuplicateKey(Exception e) => e switch
    {
        MongoWriteException w => w.WriteError?.Category == ServerErrorCategory.DuplicateKey,
        MongoCommandException c => c.Code == 11000,
        MongoBulkWriteException b => b.WriteErrors.Any(x => x.Category == ServerErrorCategory.DuplicateKey),
        _ => false,
    };

    private static BsonDocument ToBson(string id, T document, long version)
    {
        if (DocumentJson.ToNode(document) is not JsonObject json)
            throw new ArgumentException($"{typeof(T).Name} does not serialise to a JSON object.", nameof(document));
        var bson = new BsonDocument { { "_id", id }, { VersionField, version } };
        foreach (var element in (BsonDocument)MongoJson.ToBson(json)) bson[element.Name] = element.Value;
        return bson;
    }

    private static Stored<T> ToStored(BsonDocument doc) =>
        new(doc["_id"].AsString, doc[VersionField].ToInt64(), DocumentJson.FromNode<T>((JsonObject)MongoJson.ToNode(doc, topLevel: true)!));
}
