using LiteDB;

namespace FedBus.ServiceDefaults.Storage;

/// <summary>Reads go straight to LiteDB; writes go through the store's one transactional write path.</summary>
internal sealed class LiteDbDocumentCollection<T>(LiteDbDocumentStore store, string name) : IDocumentCollection<T>
    where T : class
{
    // Looked up on every use: the store opens its file again after a failed rollback.
    private ILiteCollection<BsonDocument> LiteCollection => store.Database.GetCollection(name, BsonAutoId.ObjectId);

    public string Name => name;

    public Task<Stored<T>?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        var doc = store.Read(() => LiteCollection.FindById(new BsonValue(id)));
        return Task.FromResult(doc is null ? null : ToStored(doc));
    }

    public Task<IReadOnlyList<Stored<T>>> FindAsync(
        DocumentFilter filter, FindOptions? options = null, CancellationToken cancellationToken = default)
    {
        var result = store.Read(() => Query(filter, options ?? new FindOptions()).ToList());
        return Task.FromResult<IReadOnlyList<Stored<T>>>(result.Select(ToStored).ToList());
    }

    private ILiteQueryableResult<BsonDocument> Query(DocumentFilter filter, FindOptions options)
    {
        var query = LiteCollection.Query();
        var where = LiteDbFilterTranslator.Translate(filter);
        if (where is not null) query = query.Where(where);
        if (options.Sort is { } sort)
            query = sort.Path == "_id" ? query.OrderBy("_id") : query.OrderBy(LiteDbFilterTranslator.PathExpression(sort.Path), sort.Descending ? LiteDB.Query.Descending : LiteDB.Query.Ascending);
        return query.Skip(options.Skip).Limit(options.Limit ?? int.MaxValue);
    }

    public Task<long> CountAsync(DocumentFilter filter, CancellationToken cancellationToken = default)
    {
        var where = LiteDbFilterTranslator.Translate(filter);
        return Task.FromResult(store.Read(() => where is null ? LiteCollection.LongCount() : LiteCollection.LongCount(where)));
    }

    public Task<Stored<T>> InsertAsync(string id, T document, CancellationToken cancellationToken = default)
    {
        store.Write(new DocumentBatch().Insert(name, id, document).Operations);
        return Task.FromResult(new Stored<T>(id, 1, document));
    }

    public Task<Stored<T>> ReplaceAsync(string id, T document, long expectedVersion, CancellationToken cancellationToken = default)
    {
        store.Write(new DocumentBatch().Replace(name, id, document, expectedVersion).Operations);
        return Task.FromResult(new Stored<T>(id, expectedVersion + 1, document));
    }

    public Task<bool> DeleteAsync(string id, long? expectedVersion = null, CancellationToken cancellationToken = default)
    {
        try
        {
            return Task.FromResult(store.Write(new DocumentBatch().Delete(name, id, expectedVersion).Operations)[0]);
        }
        catch (DocumentNotFoundException)
        {
            return Task.FromResult(false);
        }
    }

    public Task EnsureIndexAsync(string path, CancellationToken cancellationToken = default)
    {
        store.Schema(() => LiteCollection.EnsureIndex(path.Replace('.', '_'), LiteDbFilterTranslator.PathExpression(path)));
        return Task.CompletedTask;
    }

    public Task EnsureIndexAsync(IReadOnlyList<IndexKey> keys, CancellationToken cancellationToken = default) =>
        keys.Count > 0 ? EnsureIndexAsync(keys[0].Path, cancellationToken) : throw new ArgumentException("An index needs a key.", nameof(keys));

    public Task<string> ExplainAsync(DocumentFilter filter, FindOptions? options = null, CancellationToken cancellationToken = default) =>
        Task.FromResult(store.Read(() => Query(filter, options ?? new FindOptions()).GetPlan().ToString()));

    private static Stored<T> ToStored(BsonDocument doc)
    {
        var id = doc["_id"].AsString;
        var version = doc[LiteDbDocumentStore.VersionField].AsInt64;
        return new Stored<T>(id, version, LiteDbJson.Read<T>(doc));
    }
}
