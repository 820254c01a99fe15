using FedBus.Dicom.Network;
using FedBus.Ingestion.Storing;
using FedBus.Ingestion.Studies;
using FedBus.ServiceDefaults.Blobs;

namespace FedBus.Ingestion.Dicom;

/// <summary>
/// The C-STORE SCP's handler. Each instance is answered once it is checked and in the page cache; hashing and indexing
/// follow in batches. The release is answered only when all of them are indexed and durable, so a PACS whose release
/// completed can forget what it sent; if anything it was told was received cannot be kept, the association is aborted
/// instead, which tells the PACS to send again.
/// </summary>
public sealed class IngestionStoreHandler(InstanceIngestor ingestor, IngestUnits units, StudyCompletion completion, IBlobStore blobs) : IDicomStoreHandler
{
    public ValueTask AssociationEstablishedAsync(DicomAssociationInfo association, CancellationToken cancellationToken)
    {
        units.Open(association.Id, association.CallingAeTitle);
        return ValueTask.CompletedTask;
    }

    // The Part 10 file meta the instance will be stored behind: known from the command, so the file's hash can be taken
    // while a large data set arrives (IngestionOptions.HashWhileReceivingAbove).
    public ReadOnlyMemory<byte>? StorePrefix(DicomAssociationInfo association, string sopClassUid, string sopInstanceUid, string transferSyntaxUid) =>
        InstanceIngestor.FileMeta(sopClassUid, sopInstanceUid, transferSyntaxUid, association.CallingAeTitle);

    public async ValueTask<DicomStatus> StoreAsync(DicomStoreRequest request, CancellationToken cancellationToken)
    {
        var unit = units.Open(request.Association.Id, request.Association.CallingAeTitle);
        var outcome = await ingestor.IngestDataSetAsync(request, unit, cancellationToken);
        return new DicomStatus((ushort)outcome.Status, outcome.Reason is null ? null : Truncate(outcome.Reason));
    }

    public async ValueTask AssociationReleasedAsync(DicomAssociationInfo association, CancellationToken cancellationToken)
    {
        if (units.Close(association.Id) is not { } unit) return;
        await ingestor.WhenCommittedAsync(unit, cancellationToken);
        try
        {
            if (unit.Failure is { } failure)
                throw new IOException($"Instances answered as received could not be stored ({failure}); the sender must resend.");
            // One file-system sync for the whole association instead of one per instance.
            blobs.FlushToDisk();
        }
        catch
        {
            await completion.AssociationEndedAsync(unit, released: false, cancellationToken);
            throw;
        }
        await completion.AssociationEndedAsync(unit, released: true, cancellationToken);
    }

    public async ValueTask AssociationAbortedAsync(DicomAssociationInfo association, DicomAssociationAbortedException reason, CancellationToken cancellationToken)
    {
        // A release that failed has already told the studies; the unit is gone then.
        if (units.Close(association.Id) is not { } unit) return;
        await ingestor.WhenCommittedAsync(unit, cancellationToken);
        await completion.AssociationEndedAsync(unit, released: false, cancellationToken);
    }

    // (0000,0902) Error Comment is an LO: at most 64 characters.
    private static string Truncate(string reason) => reason.Length <= 64 ? reason : reason[..61] + "...";
}
