namespace FedBus.ServiceDefaults.Storage;

public interface IDocumentCollection<T> where T : class
{
    /// <summary>The collection's name, as <see cref="DocumentBatch"/> writes name it.</summary>
    string Name { get; }

    Task<Stored<T>?> GetAsync(string id, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<Stored<T>>> FindAsync(
        DocumentFilter filter, FindOptions? options = null, CancellationToken cancellationToken = default);

    Task<long> CountAsync(DocumentFilter filter, CancellationToken cancellationToken = default);

    /// <summary>Inserts at version 1. Throws <see cref="DuplicateDocumentException"/> if the id exists.</summary>
    Task<Stored<T>> InsertAsync(string id, T document, CancellationToken cancellationToken = default);

    /// <summary>
    /// Replaces the whole document if the stored version still equals <paramref name="expectedVersion"/>.
    /// Throws <see cref="DocumentNotFoundException"/> or <see cref="ConcurrencyConflictException"/>.
    /// </summary>
    Task<Stored<T>> ReplaceAsync(string id, T document, long expectedVersion, CancellationToken cancellationToken = default);

    /// <summary>Deletes the document (only at <paramref name="expectedVersion"/> if given); false if there was none.</summary>
    Task<bool> DeleteAsync(string id, long? expectedVersion = null, CancellationToken cancellationToken = default);

    /// <summary>Creates a (non-unique) index on a JSON path if it does not exist yet.</summary>
    Task EnsureIndexAsync(string path, CancellationToken cancellationToken = default);

    /// <summary>
    /// Creates a (non-unique) compound index if it does not exist yet, e.g. a patient's studies newest first.
    /// MongoDB builds it as given; LiteDB indexes one expression per index, so it indexes the first key only (LiteDB
    /// uses one index per query anyway and sorts what that index found).
    /// </summary>
    Task EnsureIndexAsync(IReadOnlyList<IndexKey> keys, CancellationToken cancellationToken = default);

    /// <summary>
    /// How the engine would run <see cref="FindAsync"/> with this filter and options, in its own words (LiteDB's query
    /// plan, MongoDB's explain output): for benchmarks and diagnostics, not for program logic.
    /// </summary>
    Task<string> ExplainAsync(DocumentFilter filter, FindOptions? options = null, CancellationToken cancellationToken = default);
}
