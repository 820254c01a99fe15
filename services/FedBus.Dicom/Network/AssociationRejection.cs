namespace FedBus.Dicom.Network;

/// <summary>
/// The three fields of an A-ASSOCIATE-RJ PDU (PS3.8 §9.3.4). The reason byte means different things per source,
/// so it stays a byte and <see cref="Describe"/> names it.
/// </summary>
public readonly record struct AssociationRejection(RejectResult Result, RejectSource Source, byte Reason)
{
    public static AssociationRejection NoReasonGiven { get; } = new(RejectResult.Permanent, RejectSource.ServiceUser, 1);
    public static AssociationRejection ApplicationContextNotSupported { get; } = new(RejectResult.Permanent, RejectSource.ServiceUser, 2);
    public static AssociationRejection CallingAeTitleNotRecognized { get; } = new(RejectResult.Permanent, RejectSource.ServiceUser, 3);
    public static AssociationRejection CalledAeTitleNotRecognized { get; } = new(RejectResult.Permanent, RejectSource.ServiceUser, 7);
    public static AssociationRejection ProtocolVersionNotSupported { get; } = new(RejectResult.Permanent, RejectSource.ServiceProviderAcse, 2);
    public static AssociationRejection TemporaryCongestion { get; } = new(RejectResult.Transient, RejectSource.ServiceProviderPresentation, 1);
    public static AssociationRejection LocalLimitExceeded { get; } = new(RejectResult.Transient, RejectSource.ServiceProviderPresentation, 2);

    public string Describe()
    {
        var reason = (Source, Reason) switch
        {
            (RejectSource.ServiceUser, 1) => "no reason given",
            (RejectSource.ServiceUser, 2) => "application context name not supported",
            (RejectSource.ServiceUser, 3) => "calling AE title not recognized",
            (RejectSource.ServiceUser, 7) => "called AE title not recognized",
            (RejectSource.ServiceProviderAcse, 1) => "no reason given",
            (RejectSource.ServiceProviderAcse, 2) => "protocol version not supported",
            (RejectSource.ServiceProviderPresentation, 1) => "temporary congestion",
            (RejectSource.ServiceProviderPresentation, 2) => "local limit exceeded",
            _ => $"reason {Reason}",
        };
        return $"{Result.ToString().ToLowerInvariant()} rejection by {Source}: {reason}";
    }
}
