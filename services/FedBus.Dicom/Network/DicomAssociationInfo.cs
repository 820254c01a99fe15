using System.Net;

namespace FedBus.Dicom.Network;

/// <summary>What the SCP knows about one established association; handed to every handler call.</summary>
public sealed record DicomAssociationInfo(
    Guid Id,
    string CallingAeTitle,
    string CalledAeTitle,
    EndPoint? RemoteEndPoint,
    string? ImplementationClassUid,
    string? ImplementationVersionName,
    uint PeerMaxPduLength,
    IReadOnlyList<PresentationContextResponse> PresentationContexts,
    DateTimeOffset EstablishedAt);
