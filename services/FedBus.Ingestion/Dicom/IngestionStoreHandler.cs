using FedBus.Dicom.Network;
using FedBus.Ingestion.Storing;
using FedBus.Ingestion.Studies;

namespace FedBus.Ingestion.Dicom;

/// <summary>The C-STORE SCP's handler: each instance through the ingestor; a released association completes its studies.</summary>
public sealed class IngestionStoreHandler(InstanceIngestor ingestor, StudyCompletion completion, FedBus.ServiceDefaults.Blobs.IBlobStore blobs) : IDicomStoreHandler
{
    public async ValueTask<DicomStatus> StoreAsync(DicomStoreRequest request, CancellationToken cancellationToken)
    {
        var outcome = await ingestor.IngestDataSetAsync(request, cancellationToken);
        return new DicomStatus((ushort)outcome.Status, outcome.Reason is null ? null : Truncate(outcome.Reason));
    }

    /// <summary>
    /// Before the PACS's release is answered, everything it sent is made durable (one file-system sync for the whole
    /// association instead of one per instance) and its complete studies are announced. A PACS whose association was
    /// released cleanly can therefore forget the studies; one that saw an abort resends.
    /// </summary>
    public async ValueTask AssociationReleasedAsync(DicomAssociationInfo association, CancellationToken cancellationToken)
    {
        blobs.FlushToDisk();
        await completion.AssociationEndedAsync(association.Id, released: true, cancellationToken);
    }

    public async ValueTask AssociationAbortedAsync(DicomAssociationInfo association, DicomAssociationAbortedException reason, CancellationToken cancellationToken) =>
        await completion.AssociationEndedAsync(association.Id, released: false, cancellationToken);

    // (0000,0902) Error Comment is an LO: at most 64 characters.
    private static string Truncate(string reason) => reason.Length <= 64 ? reason : reason[..61] + "...";
}
