using FedBus.Dicom;
using FedBus.Dicom.Network;

namespace FedBus.Bench.Ingestion;

/// <summary>The benchmark's ingestion stand-in: every C-STORE becomes a Part 10 file on disk (or, without a directory, is dropped), then success.</summary>
internal sealed class DiskWritingHandler(string? directory) : IDicomStoreHandler
{
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int Stored;

    public Task Released => _released.Task;

    public ValueTask<DicomStatus> StoreAsync(DicomStoreRequest request, CancellationToken cancellationToken)
    {
        // Synchronous on purpose, like storescp: a page-cache write is shorter than a thread-pool hop.
        if (directory is not null)
        {
            var path = Path.Combine(directory, request.SopInstanceUid + ".dcm");
            using var meta = new MemoryStream(512);
            DicomFileMetaInformation.Create(request.SopClassUid, request.SopInstanceUid, DicomTransferSyntax.Lookup(request.TransferSyntaxUid), request.Association.CallingAeTitle).WriteTo(meta);
            request.DataSet.WriteToFile(path, meta.GetBuffer().AsMemory(0, (int)meta.Length));
        }

        Interlocked.Increment(ref Stored);
        return ValueTask.FromResult(DicomStatus.Success);
    }

    public ValueTask AssociationReleasedAsync(DicomAssociationInfo association, CancellationToken cancellationToken)
    {
        _released.TrySetResult();
        return ValueTask.CompletedTask;
    }
}
