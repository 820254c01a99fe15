using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.ExceptionServices;
using System.Text.Json.Nodes;
using LiteDB;

namespace FedBus.ServiceDefaults.Storage;

/// <summary>
/// The embedded adapter: one LiteDB file. Every write — a single one or a <see cref="DocumentBatch"/> — runs as one
/// LiteDB transaction under one store-wide lock, so a read-check-write (optimistic concurrency) and a batch are atomic
/// with respect to each other. LiteDB binds a transaction to the calling thread, which is why writes run synchronously.
/// With "Connection=shared" several processes can use one file (LiteDB's named mutex is held for the transaction).
/// <para>
/// A failed write is rolled back. LiteDB 5's rollback can itself fail ("discarded page must be writable", LiteDB issues
/// 2574/2586), and its engine is then unusable for every later call ("Use EnterTransaction() before EnterLock"). So a
/// failed rollback closes the database and opens the file again — uncommitted pages are never part of the file, so that
/// is the rollback — and the write's own failure is what the caller sees. If the file cannot be opened again, every
/// call and the health check fail with that reason instead of with LiteDB's engine errors.
/// </para>
/// </summary>
public sealed class LiteDbDocumentStore : IDocumentStore, IDisposable
{
    internal const string VersionField = "_v";

    private readonly ConnectionString _connection;
    private volatile LiteDatabase _database;
    private volatile string? _unusable;
    private readonly ConcurrentDictionary<string, object> _collections = new();
    private readonly Lock _writeLock = new();

    // LiteDB 5 breaks its engine ("page type must be collection page", then every call fails as disposed) when an
    // index is built while another thread reads or writes the collection: hosted services index at start-up while the
    // first requests and workers already read. Index builds take this exclusively; reads and writes share it.
    private readonly ReaderWriterLockSlim _schemaLock = new(LockRecursionPolicy.SupportsRecursion);

    // LiteDB copies its log into the data file (a checkpoint: ~45 ms per 1,000 pages here) inside whichever commit finds
    // the log past its checkpoint size; at the default size that was about once per 1,000 indexed instances, sometimes in
    // the commit an association's release waits for. A larger size bounds the log; the copy itself is done when no write
    // came for a while.
    private readonly int _checkpointPages;
    private readonly Timer? _idleCheckpoint;
    private long _lastWrite;
    private bool _logWritten;
    private bool _disposed;
    private string? _checkpointFailure;

    /// <param name="connectionString">LiteDB connection string.</param>
    /// <param name="checkpointPages">Log pages (8 KB) past which a commit copies the log into the data file (LiteDB's default: 1000).</param>
    /// <param name="idleCheckpoint">After this long without a write, the log is copied in the background; zero: never.</param>
    public LiteDbDocumentStore(string connectionString, int checkpointPages = 1000, TimeSpan idleCheckpoint = default)
    {
        // LiteDB compares strings case-insensitively by default; MongoDB compares them by code point. Ordinal matches.
        _connection = new ConnectionString(connectionString);
        _connection.Collation ??= new Collation(CultureInfo.InvariantCulture.LCID, CompareOptions.Ordinal);
        _checkpointPages = checkpointPages > 0 ? checkpointPages : throw new ArgumentOutOfRangeException(nameof(checkpointPages), "A LiteDB log needs a bound.");
        _database = Open();
        if (idleCheckpoint > TimeSpan.Zero) _idleCheckpoint = new Timer(_ => CheckpointIfIdle(idleCheckpoint), null, idleCheckpoint, idleCheckpoint);
    }

    private LiteDatabase Open()
    {
        var database = new LiteDatabase(_connection);
        if (database.CheckpointSize != _checkpointPages) database.CheckpointSize = _checkpointPages;
        return database;
    }

    /// <summary>Times the database was opened again after a failed rollback.</summary>
    public int Reopened { get; private set; }

    /// <summary>Tests only: runs in place of LiteDB's rollback, to stand for its failure (the real one needs an engine race).</summary>
    internal Action<LiteDatabase>? RollbackOverride { get; set; }

    /// <summary>The open database; throws when a failed rollback left the store without one.</summary>
    internal LiteDatabase Database => _unusable is { } reason ? throw new InvalidOperationException(reason) : _database;

    public IDocumentCollection<T> Collection<T>(string name) where T : class
    {
        LiteDbNames.Check(name);
        return (IDocumentCollection<T>)_collections.GetOrAdd(name, n => new LiteDbDocumentCollection<T>(this, n));
    }

    public Task CommitAsync(DocumentBatch batch, CancellationToken cancellationToken = default)
    {
        if (batch.Count > 0) Write(batch.Operations);
        return Task.CompletedTask;
    }

    public Task PingAsync(CancellationToken cancellationToken = default)
    {
        Read(() => Database.GetCollectionNames().Count());
        // Nothing is lost (the log keeps every commit, and the commit that finds it full copies it or fails), but a
        // store that cannot copy its log is not healthy.
        if (Volatile.Read(ref _checkpointFailure) is { } failure)
            throw new IOException($"The LiteDB store '{_connection.Filename}' could not copy its log into its data file: {failure}");
        return Task.CompletedTask;
    }

    // The schema lock is not disposed: a host stopping while a read is in flight would throw from Dispose.
    public void Dispose()
    {
        _idleCheckpoint?.Dispose();
        lock (_writeLock)
        {
            _disposed = true;
            _database.Dispose();
        }
    }

    private void CheckpointIfIdle(TimeSpan idle)
    {
        // Never waits: a write or an index build in progress means the store is not idle.
        if (!_schemaLock.TryEnterReadLock(0)) return;
        try
        {
            if (!_writeLock.TryEnter()) return;
            try
            {
                if (_disposed || !_logWritten || Environment.TickCount64 - _lastWrite < idle.TotalMilliseconds) return;
                Database.Checkpoint();
                _logWritten = false;
                Volatile.Write(ref _checkpointFailure, null);
            }
            catch (Exception e)
            {
                // A timer's thread must not throw; the health check reports it until a later checkpoint succeeds.
                Volatile.Write(ref _checkpointFailure, e.Message);
            }
            finally
            {
                _writeLock.Exit();
            }
        }
        finally
        {
            _schemaLock.ExitReadLock();
        }
    }

    /// <summary>A write failed and so did its rollback: the database must be replaced before anything else uses it.</summary>
    private sealed class RollbackFailedException(LiteDatabase database, Exception write, Exception rollback)
        : Exception("A LiteDB rollback failed.", rollback)
    {
        public LiteDatabase Database { get; } = database;

        public Exception Write { get; } = write;
    }

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
        try
        {
            _schemaLock.EnterReadLock();
            try
            {
                WriteLocked(operations, found);
            }
            finally
            {
                _schemaLock.ExitReadLock();
            }
        }
        catch (RollbackFailedException e)
        {
            Reopen(e.Database, e.InnerException!);
            ExceptionDispatchInfo.Throw(e.Write);
        }
        return found;
    }

    /// <summary>
    /// Replaces a database whose rollback failed by a freshly opened one, with no read or write in flight. A store that
    /// cannot open its file again stays unusable and says why.
    /// </summary>
    private void Reopen(LiteDatabase broken, Exception rollback)
    {
        _schemaLock.EnterWriteLock();
        try
        {
            if (!ReferenceEquals(broken, _database)) return;
            try
            {
                broken.Dispose();
            }
            catch (Exception)
            {
                // The broken engine may fail to close cleanly; its file is opened again below either way.
            }
            try
            {
                _database = Open();
                Reopened++;
            }
            catch (Exception e)
            {
                _unusable = $"The LiteDB store '{_connection.Filename}' is unusable: a rollback failed ({rollback.Message}) and the file could not be opened again ({e.Message}). Restart the service.";
            }
        }
        finally
        {
            _schemaLock.ExitWriteLock();
        }
    }

    private void WriteLocked(IReadOnlyList<DocumentOperation> operations, bool[] found)
    {
        lock (_writeLock)
        {
            var database = Database;
            if (!database.BeginTrans())
                throw new InvalidOperationException("A LiteDB transaction is already open on this thread.");
            try
            {
                for (var i = 0; i < operations.Count; i++) found[i] = Apply(database, operations[i]);
                database.Commit();
                _logWritten = true;
                _lastWrite = Environment.TickCount64;
            }
            catch (Exception write)
            {
                try
                {
                    if (RollbackOverride is { } rollback) rollback(database);
                    else database.Rollback();
                }
                catch (Exception failed)
                {
                    throw new RollbackFailedException(database, write, failed);
                }
                throw;
            }
        }
    }

    private bool Apply(LiteDatabase database, DocumentOperation op)
    {
        var collection = database.GetCollection(op.Collection, BsonAutoId.ObjectId);
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
