namespace FedBus.Ingestion.Storing;

public sealed class IngestRejectedException(IngestStatus status, string reason) : Exception(reason)
{
    public IngestStatus Status { get; } = status;
}
