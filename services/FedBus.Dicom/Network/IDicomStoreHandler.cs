namespace FedBus.Dicom.Network;

/// <summary>
/// What the SCP calls for each association and C-STORE. Calls for one association never overlap; calls for
/// different associations run concurrently. An exception from <see cref="StoreAsync"/> becomes status 0x0110
/// (processing failure) with the exception message as error comment; one from <see cref="AssociationReleasedAsync"/>
/// turns the release into an A-ABORT; exceptions from the other callbacks are logged and ignored.
/// </summary>
public interface IDicomStoreHandler
{
    /// <summary>
    /// Stores one instance. The C-STORE response carries the returned status and is sent only after this completes.
    /// <paramref name="cancellationToken"/> fires when the server is stopped hard or the association is aborted.
    /// </summary>
    ValueTask<DicomStatus> StoreAsync(DicomStoreRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// Bytes the handler will store in front of a C-STORE's data set (e.g. Part 10 file meta information), asked once the
    /// C-STORE's command has arrived and before its data set does. When it returns bytes, the association hashes them
    /// and the data set with SHA-256 while the data set is received, and hands both to <see cref="StoreAsync"/>
    /// (<see cref="DicomStoreRequest.Prefix"/>, <see cref="DicomStoreRequest.Sha256"/>). Null: nothing is hashed.
    /// </summary>
    ReadOnlyMemory<byte>? StorePrefix(DicomAssociationInfo association, string sopClassUid, string sopInstanceUid, string transferSyntaxUid) => null;

    ValueTask AssociationEstablishedAsync(DicomAssociationInfo association, CancellationToken cancellationToken) =>
        ValueTask.CompletedTask;

    /// <summary>
    /// The peer released the association normally: every C-STORE of it has been answered. Runs before the
    /// A-RELEASE-RP is sent, so the peer's release completes only after this returns. If it throws, the SCP answers
    /// with A-ABORT instead (and then calls <see cref="AssociationAbortedAsync"/>): a handler that answered C-STOREs
    /// before making them durable uses this to tell the peer that what it sent may be lost and must be sent again.
    /// </summary>
    ValueTask AssociationReleasedAsync(DicomAssociationInfo association, CancellationToken cancellationToken) =>
        ValueTask.CompletedTask;

    /// <summary>The association ended abnormally (A-ABORT either way, timeout, connection lost, server stop).</summary>
    ValueTask AssociationAbortedAsync(DicomAssociationInfo association, DicomAssociationAbortedException reason, CancellationToken cancellationToken) =>
        ValueTask.CompletedTask;
}
