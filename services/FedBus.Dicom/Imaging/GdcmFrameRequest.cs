namespace FedBus.Dicom.Imaging;

/// <summary>One frame to decode with GDCM, in plain values (shared with the worker process).</summary>
internal sealed record GdcmFrameRequest(
    string TransferSyntaxUid,
    int Rows,
    int Columns,
    int SamplesPerPixel,
    int BitsAllocated,
    int BitsStored,
    int HighBit,
    bool Signed,
    int PlanarConfiguration,
    string PhotometricInterpretation,
    long ExpectedLength,
    byte[] Compressed);
