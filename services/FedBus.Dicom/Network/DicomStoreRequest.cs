namespace FedBus.Dicom.Network;

/// <summary>One received C-STORE, handed to <see cref="IDicomStoreHandler.StoreAsync"/>.</summary>
public sealed class DicomStoreRequest
{
    public required DicomAssociationInfo Association { get; init; }

    public required ushort MessageId { get; init; }

    public required string SopClassUid { get; init; }

    public required string SopInstanceUid { get; init; }

    /// <summary>The transfer syntax of the presentation context; <see cref="DataSet"/> is encoded in it (deflated too).</summary>
    public required string TransferSyntaxUid { get; init; }

    public DicomPriority Priority { get; init; }

    public string? MoveOriginatorAeTitle { get; init; }

    public ushort? MoveOriginatorMessageId { get; init; }

    /// <summary>The data-set bytes as received (no file meta information). Valid only during the handler call.</summary>
    public required DicomDataSetBuffer DataSet { get; init; }

    /// <summary>What <see cref="IDicomStoreHandler.StorePrefix"/> returned for this C-STORE, if anything.</summary>
    public ReadOnlyMemory<byte>? Prefix { get; init; }

    /// <summary>
    /// Lower-case hex SHA-256 of <see cref="Prefix"/> followed by <see cref="DataSet"/>, computed while the data set was
    /// received; null when the handler gave no prefix or the data set was no larger than
    /// <see cref="DicomServerOptions.HashWhileReceivingAbove"/>.
    /// </summary>
    public string? Sha256 { get; init; }
}
