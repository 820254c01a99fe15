namespace FedBus.Dicom.Network;

/// <summary>An A-ASSOCIATE-AC PDU (PS3.8 §9.3.3).</summary>
public sealed class AssociateAccept
{
    public ushort ProtocolVersion { get; init; } = 1;

    /// <summary>Echo of the request's called AE title (the standard says "reserved, same value as received").</summary>
    public required string CalledAeTitle { get; init; }

    public required string CallingAeTitle { get; init; }

    public string ApplicationContextName { get; init; } = DicomNetworkUids.ApplicationContext;

    public List<PresentationContextResponse> PresentationContexts { get; init; } = [];

    public UserInformation UserInformation { get; init; } = new();
}
