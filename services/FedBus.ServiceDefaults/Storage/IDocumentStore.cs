namespace FedBus.ServiceDefaults.Storage;

/// <summary>
/// The document-store port. Adapters: LiteDB (embedded default) and MongoDB (production).
/// Documents are serialised with System.Text.Json (camelCase); filters name JSON paths ("series.modality").
/// </summary>
public interface IDocumentStore
{
    IDocumentCollection<T> Collection<T>(string name) where T : class;

    /// <summary>
    /// Applies every write of the batch, or none of them (see <see cref="DocumentBatch"/> for the failures).
    /// LiteDB runs it as one transaction; MongoDB as a multi-document transaction, which needs a replica set
    /// (a single-node one is enough): on a standalone server this throws <see cref="InvalidOperationException"/> saying so.
    /// </summary>
    Task CommitAsync(DocumentBatch batch, CancellationToken cancellationToken = default);

    /// <summary>Round-trips to the server and checks it can run <see cref="CommitAsync"/>; used by /health.</summary>
    Task PingAsync(CancellationToken cancellationToken = default);
}
