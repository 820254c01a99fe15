namespace FedBus.ServiceDefaults.Storage;

public interface IDocumentCollection<T> where T : class
{
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
}
