using System.Collections.Concurrent;

namespace FedBus.Ingestion.Storing;

/// <summary>The associations open in this process, so their studies can be kept alive for the other replicas.</summary>
public sealed class IngestUnits
{
    private readonly ConcurrentDictionary<Guid, IngestUnit> _open = new();

    public IngestUnit Open(Guid associationId, string callingAeTitle) => _open.GetOrAdd(associationId, id => new IngestUnit(id, callingAeTitle));

    public IngestUnit? Find(Guid associationId) => _open.GetValueOrDefault(associationId);

    public IngestUnit? Close(Guid associationId) => _open.TryRemove(associationId, out var unit) ? unit : null;

    public IReadOnlyList<IngestUnit> All => [.. _open.Values];
}
