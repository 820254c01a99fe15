namespace FedBus.Dicom.Network;

/// <summary>An A-ASSOCIATE-RQ PDU (PS3.8 §9.3.2).</summary>
public sealed class AssociateRequest
{
    public ushort ProtocolVersion { get; init; } = 1;

    public required string CalledAeTitle { get; init; }

    public required string CallingAeTitle { get; init; }

    public string ApplicationContextName { get; init; } = DicomNetworkUids.ApplicationContext;

    public List<PresentationContextProposal> PresentationContexts { get; init; } = [];

    public UserInformation UserInformation { get; init; } = new();
}
