using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using LiteDB;

namespace FedBus.ServiceDefaults.Storage;

/// <summary>
/// The embedded adapter: one LiteDB file. Every write — a single one or a <see cref="DocumentBatch"/> — runs as one
/// LiteDB transaction under one store-wide lock, so a read-check-write (optimistic concurrency) and a batch are atomic
/// with respect to each other. LiteDB binds a transaction to the calling thread, which is why writes run synchronously.
/// With "Connection=shared" several processes can use one file (LiteDB's named mutex is held for the transaction).
/// </summary>
public sealed class LiteDbDocumentStore : IDocumentStore, IDisposable
{
    internal const string VersionField = "_v";

    private readonly LiteDatabase _database;
    private readonly ConcurrentDictionary<string, object> _collections = new();
    private readonly Lock _writeLock = new();

    // LiteDB 5 breaks its engine ("page type must be collection page", then every call fails as disposed) when an
    // index is built while another thread reads or writes the collection: hosted services index at start-up while the
    // first requests and workers already read. Index builds take this exclusively; reads and writes share it.
    private readonly ReaderWriterLockSlim _schemaLock = new(LockRecursionPolicy.SupportsRecursion);

    public LiteDbDocumentStore(string connectionString)
    {
        // LiteDB compares strings case-insensitively by default; MongoDB compares them by code point. Ordinal matches.
        var connection = new ConnectionString(connectionString);
        connection.Collation ??= new Collation(CultureInfo.InvariantCulture.LCID, CompareOptions.Ordinal);
        _database = new LiteDatabase(connection);
    }

    public IDocumentCollection<T> Collection<T>(string name) where T : class
    {
        LiteDbNames.Check(name);
        return (IDocumentCollection<T>)_collections.GetOrAdd(name, n => new LiteDbDocumentCollection<T>(this, _database, n));
    }

    public Task CommitAsync(DocumentBatch batch, CancellationToken cancellationToken = default)
    {
        if (batch.Count > 0) Write(batch.Operations);
        return Task.CompletedTask;
    }

    public Task PingAsync(CancellationToken cancellationToken = default)
    {
        _ = _database.GetCollectionNames().Count();
        return Task.CompletedTask;
    }

    // The schema lock is not disposed: a host stopping while a read is in flight would throw from Dispose.
    public void Dispose() => _database.Dispose();

    /// <summary>Runs a read (synchronously, on the calling thread) while no index is being built.</summary>
    internal TResult Read<TResult>(Func<TResult> read)
    {
        _schemaLock.EnterReadLock();
        try
        {
            return read();
        }
        finally
        {
            _schemaLock.ExitReadLock();
        }
    }

    /// <summary>Builds an index with no read or write in flight.</summary>
    internal void Schema(Action change)
    {
        _schemaLock.EnterWriteLock();
        try
        {
            change();
        }
        finally
        {
            _schemaLock.ExitWriteLock();
        }
    }

    /// <summary>Applies the operations in one transaction; returns whether each delete found its document.</summary>
    internal bool[] Write(IReadOnlyList<DocumentOperation> operations)
    {
        var found = new bool[operations.Count];
        _schemaLock.EnterReadLock();
        try
        {
            WriteLocked(operations, found);
        }
        finally
        {
            _schemaLock.ExitReadLock();
        }
        return found;
    }

    private void WriteLocked(IReadOnlyList<DocumentOperation> operations, bool[] found)
    {
        lock (_writeLock)
        {
            if (!_database.BeginTrans())
                throw new InvalidOperationException("A LiteDB transaction is already open on this thread.");
            try
            {
                for (var i = 0; i < operations.Count; i++) found[i] = Apply(operations[i]);
                _database.Commit();
            }
            catch
            {
                _database.Rollback();
                throw;
            }
        }
    }

    private bool Apply(DocumentOperation op)
    {
        var collection = _database.GetCollection(op.Collection, BsonAutoId.ObjectId);
        switch (op.Kind)
        {
            case DocumentOperationKind.Insert:
                try
                {
                    collection.Insert(ToBson(op.Id, op.Document!, 1));
                }
                catch (LiteException e) when (e.ErrorCode == LiteException.INDEX_DUPLICATE_KEY)
                {
                    throw new DuplicateDocumentException(op.Collection, op.Id);
                }
                return true;
            case DocumentOperationKind.Replace:
            {
                var current = collection.FindById(new BsonValue(op.Id)) ?? throw new DocumentNotFoundException(op.Collection, op.Id);
                var expected = op.ExpectedVersion!.Value;
                if (current[VersionField].AsInt64 != expected) throw new ConcurrencyConflictException(op.Collection, op.Id, expected);
                collection.Update(ToBson(op.Id, op.Document!, expected + 1));
                return true;
            }
            case DocumentOperationKind.Delete:
            {
                var current = collection.FindById(new BsonValue(op.Id));
                if (current is null)
                    return op.ExpectedVersion is null ? false : throw new DocumentNotFoundException(op.Collection, op.Id);
                if (op.ExpectedVersion is { } v && current[VersionField].AsInt64 != v)
                    throw new ConcurrencyConflictException(op.Collection, op.Id, v);
                return collection.Delete(new BsonValue(op.Id));
            }
            default:
                throw new InvalidOperationException($"Unknown operation {op.Kind}.");
        }
    }

    private static BsonDocument ToBson(string id, JsonObject json, long version)
    {
        var bson = (BsonDocument)LiteDbJson.ToBson(json);
        bson["_id"] = id;
        bson[VersionField] = version;
        return bson;
    }
}
