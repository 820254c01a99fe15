using FedBus.Dicom.Network;

namespace FedBus.Dicom.Tests.Network;

/// <summary>Association requests and store items the tests reuse.</summary>
internal static class Requests
{
    public const string CtImageStorage = "1.2.840.10008.5.1.4.1.1.2";
    public const string MrImageStorage = "1.2.840.10008.5.1.4.1.1.4";

    public static AssociateRequest Standard(string calledAe = TestServer.AeTitle, string callingAe = "RAWPEER") => new()
    {
        CalledAeTitle = calledAe,
        CallingAeTitle = callingAe,
        PresentationContexts =
        [
            new PresentationContextProposal(1, CtImageStorage, [DicomNetworkUids.ExplicitVRLittleEndian]),
            new PresentationContextProposal(3, DicomNetworkUids.Verification, [DicomNetworkUids.ImplicitVRLittleEndian]),
        ],
        UserInformation = new UserInformation { MaxPduLength = 16384, ImplementationClassUid = "2.25.1", ImplementationVersionName = "RAWPEER" },
    };

    public static DicomCommand StoreCommand(ushort messageId, string sopClass = CtImageStorage, string sopInstance = "2.25.99") => new()
    {
        CommandField = DicomCommandField.CStoreRequest,
        MessageId = messageId,
        AffectedSopClassUid = sopClass,
        AffectedSopInstanceUid = sopInstance,
        Priority = DicomPriority.Medium,
        CommandDataSetType = 0x0000,
    };

    public static DicomCommand EchoCommand(ushort messageId) => new()
    {
        CommandField = DicomCommandField.CEchoRequest,
        MessageId = messageId,
        AffectedSopClassUid = DicomNetworkUids.Verification,
        CommandDataSetType = DicomCommand.NoDataSet,
    };

    /// <summary>A syntactically valid explicit-VR-LE data set of about <paramref name="size"/> bytes (one OB element).</summary>
    public static byte[] DataSet(int size, byte seed = 1)
    {
        var value = Math.Max(0, size - 12) & ~1;
        var bytes = new byte[12 + value];
        bytes[0] = 0x09;
        bytes[1] = 0x00;
        bytes[2] = 0x10;
        bytes[3] = 0x10;
        bytes[4] = (byte)'O';
        bytes[5] = (byte)'B';
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), (uint)value);
        for (var i = 12; i < bytes.Length; i++)
        {
            bytes[i] = (byte)(i * seed);
        }

        return bytes;
    }

    public static DicomStoreItem Item(int size, string instance, string sopClass = CtImageStorage, byte seed = 1) =>
        DicomStoreItem.FromDataSet(sopClass, instance, DicomNetworkUids.ExplicitVRLittleEndian, DataSet(size, seed));

    public static DicomClientOptions Client(int port, string calledAe = TestServer.AeTitle, string callingAe = "OURSCU") =>
        new() { CalledAeTitle = calledAe, CallingAeTitle = callingAe, AssociationTimeout = TimeSpan.FromSeconds(10), DimseTimeout = TimeSpan.FromSeconds(10) };
}
