using System.Globalization;
using System.Collections.Concurrent;
using LiteDB;

namespace FedBus.ServiceDefaults.Storage;

/// <summary>
/// The embedded adapter: one LiteDB file per process. LiteDB is single-writer; a lock per collection makes
/// read-check-replace atomic, which is what optimistic concurrency needs here.
/// </summary>
public sealed class LiteDbDocumentStore : IDocumentStore, IDisposable
{
    private readonly LiteDatabase _database;
    private readonly ConcurrentDictionary<string, object> _collections = new();

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
        return (IDocumentCollection<T>)_collections.GetOrAdd(name, n => new LiteDbDocumentCollection<T>(_database, n));
    }

    public Task PingAsync(CancellationToken cancellationToken = default)
    {
        _ = _database.GetCollectionNames().Count();
        return Task.CompletedTask;
    }

    public void Dispose() => _database.Dispose();
}
