using System.Text.Json.Nodes;
using LiteDB;

namespace FedBus.ServiceDefaults.Storage;

internal sealed class LiteDbDocumentCollection<T>(LiteDatabase database, string name) : IDocumentCollection<T> where T : class
{
    private const string VersionField = "_v";
    private readonly ILiteCollection<BsonDocument> _collection = database.GetCollection(name, BsonAutoId.ObjectId);
    private readonly Lock _writeLock = new();

    public Task<Stored<T>?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        var doc = _collection.FindById(new BsonValue(id));
        return Task.FromResult(doc is null ? null : ToStored(doc));
    }

    public Task<IReadOnlyList<Stored<T>>> FindAsync(
        DocumentFilter filter, FindOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new FindOptions();
        var query = _collection.Query();
        var where = LiteDbFilterTranslator.Translate(filter);
        if (where is not null) query = query.Where(where);
        query = options.SortBy is null
            ? query.OrderBy("_id")
            : query.OrderBy(LiteDbFilterTranslator.PathExpression(options.SortBy), options.Descending ? Query.Descending : Query.Ascending);
        var result = query.Skip(options.Skip).Limit(options.Limit ?? int.MaxValue).ToList();
        return Task.FromResult<IReadOnlyList<Stored<T>>>(result.Select(ToStored).ToList());
    }

    public Task<long> CountAsync(DocumentFilter filter, CancellationToken cancellationToken = default)
    {
        var where = LiteDbFilterTranslator.Translate(filter);
        return Task.FromResult(where is null ? _collection.LongCount() : _collection.LongCount(where));
    }

    public Task<Stored<T>> InsertAsync(string id, T document, CancellationToken cancellationToken = default)
    {
        var bson = ToBson(id, document, 1);
        lock (_writeLock)
        {
            try
            {
                _collection.Insert(bson);
            }
            catch (LiteException e) when (e.ErrorCode == LiteException.INDEX_DUPLICATE_KEY)
            {
                throw new DuplicateDocumentException(name, id);
            }
        }
        return Task.FromResult(new Stored<T>(id, 1, document));
    }

    public Task<Stored<T>> ReplaceAsync(string id, T document, long expectedVersion, CancellationToken cancellationToken = default)
    {
        lock (_writeLock)
        {
            var current = _collection.FindById(new BsonValue(id)) ?? throw new DocumentNotFoundException(name, id);
            if (current[VersionField].AsInt64 != expectedVersion) throw new ConcurrencyConflictException(name, id, expectedVersion);
            _collection.Update(ToBson(id, document, expectedVersion + 1));
        }
        return Task.FromResult(new Stored<T>(id, expectedVersion + 1, document));
    }

    public Task<bool> DeleteAsync(string id, long? expectedVersion = null, CancellationToken cancellationToken = default)
    {
        lock (_writeLock)
        {
            var current = _collection.FindById(new BsonValue(id));
            if (current is null) return Task.FromResult(false);
            if (expectedVersion is { } v && current[VersionField].AsInt64 != v) throw new ConcurrencyConflictException(name, id, v);
            return Task.FromResult(_collection.Delete(new BsonValue(id)));
        }
    }

    public Task EnsureIndexAsync(string path, CancellationToken cancellationToken = default)
    {
        _collection.EnsureIndex(path.Replace('.', '_'), LiteDbFilterTranslator.PathExpression(path));
        return Task.CompletedTask;
    }

    private static BsonDocument ToBson(string id, T document, long version)
    {
        if (DocumentJson.ToNode(document) is not JsonObject json)
            throw new ArgumentException($"{typeof(T).Name} does not serialise to a JSON object.", nameof(document));
        var bson = (BsonDocument)LiteDbJson.ToBson(json);
        bson["_id"] = id;
        bson[VersionField] = version;
        return bson;
    }

    private static Stored<T> ToStored(BsonDocument doc)
    {
        var id = doc["_id"].AsString;
        var version = doc[VersionField].AsInt64;
        var json = (JsonObject)LiteDbJson.ToNode(doc, topLevel: true)!;
        return new Stored<T>(id, version, DocumentJson.FromNode<T>(json));
    }
}
