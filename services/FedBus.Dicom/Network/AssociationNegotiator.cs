namespace FedBus.Dicom.Network;

/// <summary>
/// Decides how the SCP answers an A-ASSOCIATE-RQ (PS3.8 §7.1, PS3.7 Annex D): the AE-title checks, then one result
/// per presentation context, then the user-information answer. The association-count limit is the server's
/// business and is checked after this accepts.
/// </summary>
internal sealed class AssociationNegotiator(DicomServerOptions options)
{
    public NegotiationOutcome Negotiate(AssociateRequest request)
    {
        if ((request.ProtocolVersion & 1) == 0)
        {
            return Reject(AssociationRejection.ProtocolVersionNotSupported, $"protocol version 0x{request.ProtocolVersion:X4} does not include version 1");
        }

        if (request.ApplicationContextName != DicomNetworkUids.ApplicationContext)
        {
            return Reject(AssociationRejection.ApplicationContextNotSupported, $"application context '{request.ApplicationContextName}' is not the DICOM application context {DicomNetworkUids.ApplicationContext}");
        }

        if (options.RequireCalledAeTitle && request.CalledAeTitle != options.AeTitle)
        {
            return Reject(AssociationRejection.CalledAeTitleNotRecognized, $"called AE title '{request.CalledAeTitle}' is not ours ('{options.AeTitle}')");
        }

        if (options.AllowedCallingAeTitles is { } allowed && !allowed.Contains(request.CallingAeTitle))
        {
            return Reject(AssociationRejection.CallingAeTitleNotRecognized, $"calling AE title '{request.CallingAeTitle}' is not on the allow-list");
        }

        var contexts = request.PresentationContexts.Select(Negotiate).ToList();
        var accepted = contexts.Where(c => c.IsAccepted).Select(c => c.AbstractSyntax).ToHashSet();
        var info = new UserInformation
        {
            MaxPduLength = options.MaxPduLength,
            ImplementationClassUid = options.ImplementationClassUid,
            ImplementationVersionName = options.ImplementationVersionName,
            // We perform one operation at a time; saying so is the sensible answer to any window proposed.
            AsyncOperations = request.UserInformation.AsyncOperations is null ? null : new AsyncOperationsWindow(1, 1),
        };
        foreach (var role in request.UserInformation.RoleSelections.Where(r => accepted.Contains(r.SopClassUid)))
        {
            // We are only ever the SCP of what we accept: grant the requester's SCU role, decline the SCP role.
            info.RoleSelections.Add(new RoleSelection(role.SopClassUid, role.ScuRole, ScpRole: false));
        }

        var accept = new AssociateAccept
        {
            CalledAeTitle = request.CalledAeTitle,
            CallingAeTitle = request.CallingAeTitle,
            PresentationContexts = contexts,
            UserInformation = info,
        };
        var acceptedCount = contexts.Count(c => c.IsAccepted);
        return new NegotiationOutcome(accept, null, $"accepted {acceptedCount} of {contexts.Count} presentation contexts");
    }

    private PresentationContextResponse Negotiate(PresentationContextProposal proposal)
    {
        var isVerification = proposal.AbstractSyntax == DicomNetworkUids.Verification;
        var known = isVerification
            || options.AcceptedSopClasses.Contains(proposal.AbstractSyntax)
            || (options.AcceptAnySopClass && proposal.AbstractSyntax.Length > 0);
        var fallback = proposal.TransferSyntaxes.Count > 0 ? proposal.TransferSyntaxes[0] : DicomNetworkUids.ImplicitVRLittleEndian;
        if (!known)
        {
            return new PresentationContextResponse(proposal.Id, PresentationContextResult.AbstractSyntaxNotSupported, fallback, proposal.AbstractSyntax);
        }

        var chosen = ChooseTransferSyntax(proposal.TransferSyntaxes, isVerification);
        return chosen is null
            ? new PresentationContextResponse(proposal.Id, PresentationContextResult.TransferSyntaxesNotSupported, fallback, proposal.AbstractSyntax)
            : new PresentationContextResponse(proposal.Id, PresentationContextResult.Acceptance, chosen, proposal.AbstractSyntax);
    }

    /// <summary>
    /// The proposer lists its syntaxes best first, so we take the first one we accept, except that Explicit VR Little
    /// Endian beats Implicit VR Little Endian and Explicit VR Big Endian (it keeps VRs and is what we decode
    /// fastest). A compressed syntax listed first is taken as is: DCMTK's storescu cannot decompress for us.
    /// </summary>
    private string? ChooseTransferSyntax(IReadOnlyList<string> proposed, bool isVerification)
    {
        // Verification carries no data set: any uncompressed syntax will do, whatever the configured list.
        var candidates = proposed.Where(ts => isVerification ? IsUncompressed(ts) : options.AcceptedTransferSyntaxes.Contains(ts)).ToList();
        if (candidates.Count == 0)
        {
            return null;
        }

        if (candidates[0] is DicomNetworkUids.ImplicitVRLittleEndian or DicomNetworkUids.ExplicitVRBigEndian)
        {
            if (candidates.Contains(DicomNetworkUids.ExplicitVRLittleEndian))
            {
                return DicomNetworkUids.ExplicitVRLittleEndian;
            }

            if (candidates.Contains(DicomNetworkUids.ImplicitVRLittleEndian))
            {
                return DicomNetworkUids.ImplicitVRLittleEndian;
            }
        }

        return candidates[0];
    }

    private static bool IsUncompressed(string ts) =>
        ts is DicomNetworkUids.ExplicitVRLittleEndian or DicomNetworkUids.ImplicitVRLittleEndian or DicomNetworkUids.ExplicitVRBigEndian;

    private static NegotiationOutcome Reject(AssociationRejection rejection, string explanation) =>
        new(null, rejection, explanation);
}
