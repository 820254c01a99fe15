namespace FedBus.ServiceDefaults.Storage;

/// <summary>
/// The document-store port. Adapters: LiteDB (embedded default) and MongoDB (production).
/// Documents are serialised with System.Text.Json (camelCase); filters name JSON paths ("series.modality").
/// </summary>
public interface IDocumentStore
{
    IDocumentCollection<T> Collection<T>(string name) where T : class;

    /// <summary>Round-trips to the server; used by /health.</summary>
    Task PingAsync(CancellationToken cancellationToken = default);
}
