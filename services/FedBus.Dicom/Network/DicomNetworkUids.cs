namespace FedBus.Dicom.Network;

/// <summary>The UIDs the network layer uses by name (values from <see cref="DicomUid"/>).</summary>
public static class DicomNetworkUids
{
    /// <summary>The DICOM application context name (PS3.7 Annex A).</summary>
    public const string ApplicationContext = DicomUid.StandardApplicationContext;
    public const string Verification = DicomUid.VerificationSOPClass;

    public const string ImplicitVRLittleEndian = DicomUid.LittleEndianImplicit;
    public const string ExplicitVRLittleEndian = DicomUid.LittleEndianExplicit;
    public const string DeflatedExplicitVRLittleEndian = DicomUid.DeflatedLittleEndianExplicit;
    public const string ExplicitVRBigEndian = DicomUid.BigEndianExplicit;
    public const string JpegBaseline8Bit = DicomUid.JPEGBaseline;
    public const string JpegExtended12Bit = DicomUid.JPEGExtended_Process2_4;
    public const string JpegLossless = DicomUid.JPEGLossless_Non_hierarchical_Process14;
    public const string JpegLosslessSV1 = DicomUid.JPEGLossless_Non_hierarchical_1stOrderPrediction;
    public const string JpegLSLossless = DicomUid.JPEGLSLossless;
    public const string JpegLSNearLossless = DicomUid.JPEGLSLossy;
    public const string Jpeg2000Lossless = DicomUid.JPEG2000LosslessOnly;
    public const string Jpeg2000 = DicomUid.JPEG2000;
    public const string RleLossless = DicomUid.RLELossless;

    public const string ImplementationClassUid = DicomUid.FedBusImplementationClassUid;
    public const string ImplementationVersionName = DicomUid.FedBusImplementationVersionName;
}
