namespace FedBus.Dicom;

/// <summary>Pixel data cannot be decoded: no decoder for the transfer syntax, or the codec failed.</summary>
public class DicomCodecException : DicomException
{
    public DicomCodecException()
    {
    }

    public DicomCodecException(string message)
        : base(message)
    {
    }

    public DicomCodecException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public DicomCodecException(DicomTransferSyntax transferSyntax, string message)
        : base(message)
    {
        TransferSyntax = transferSyntax;
    }

    public DicomTransferSyntax? TransferSyntax { get; }
}
