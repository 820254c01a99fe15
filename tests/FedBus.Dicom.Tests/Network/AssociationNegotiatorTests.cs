using FedBus.Dicom.Network;

namespace FedBus.Dicom.Tests.Network;

public sealed class AssociationNegotiatorTests
{
    private static readonly DicomServerOptions Options = new() { AeTitle = "FEDBUS" };

    private static PresentationContextResponse Negotiate(string abstractSyntax, params string[] transferSyntaxes)
    {
        var request = new AssociateRequest
        {
            CalledAeTitle = "FEDBUS",
            CallingAeTitle = "PACS",
            PresentationContexts = [new PresentationContextProposal(1, abstractSyntax, transferSyntaxes)],
        };
        return Assert.Single(new AssociationNegotiator(Options).Negotiate(request).Accept!.PresentationContexts);
    }

    [Fact]
    public void Explicit_VR_little_endian_is_preferred_to_implicit_even_when_offered_second()
    {
        var result = Negotiate(Requests.CtImageStorage, DicomNetworkUids.ImplicitVRLittleEndian, DicomNetworkUids.ExplicitVRLittleEndian);

        Assert.Equal((PresentationContextResult.Acceptance, DicomNetworkUids.ExplicitVRLittleEndian), (result.Result, result.TransferSyntax));
    }

    [Fact]
    public void A_compressed_syntax_offered_first_is_taken_as_it_is()
    {
        var result = Negotiate(Requests.CtImageStorage, DicomNetworkUids.JpegLSLossless, DicomNetworkUids.ExplicitVRLittleEndian, DicomNetworkUids.ImplicitVRLittleEndian);

        Assert.Equal(DicomNetworkUids.JpegLSLossless, result.TransferSyntax);
    }

    [Fact]
    public void A_compressed_syntax_offered_alone_is_accepted()
    {
        Assert.Equal(DicomNetworkUids.Jpeg2000, Negotiate(Requests.CtImageStorage, DicomNetworkUids.Jpeg2000).TransferSyntax);
    }

    [Fact]
    public void Big_endian_offered_first_loses_to_a_little_endian_syntax()
    {
        var result = Negotiate(Requests.CtImageStorage, DicomNetworkUids.ExplicitVRBigEndian, DicomNetworkUids.ImplicitVRLittleEndian);

        Assert.Equal(DicomNetworkUids.ImplicitVRLittleEndian, result.TransferSyntax);
    }

    [Fact]
    public void Only_unknown_transfer_syntaxes_reject_the_context_with_transfer_syntaxes_not_supported()
    {
        Assert.Equal(PresentationContextResult.TransferSyntaxesNotSupported, Negotiate(Requests.CtImageStorage, "1.2.3.4.5").Result);
    }

    [Fact]
    public void An_unknown_abstract_syntax_is_rejected_with_abstract_syntax_not_supported()
    {
        Assert.Equal(PresentationContextResult.AbstractSyntaxNotSupported, Negotiate("1.2.3.4.5", DicomNetworkUids.ExplicitVRLittleEndian).Result);
    }

    [Fact]
    public void Every_storage_SOP_class_of_the_file_layer_is_accepted_by_default()
    {
        Assert.All(DicomUid.StorageSopClasses, sopClass =>
            Assert.Equal(PresentationContextResult.Acceptance, Negotiate(sopClass, DicomNetworkUids.ExplicitVRLittleEndian).Result));
    }

    [Fact]
    public void The_SCU_role_of_a_storage_SCU_is_granted_the_SCP_role_declined_and_the_async_window_answered_with_one()
    {
        var request = Requests.Standard();
        request.UserInformation.RoleSelections.Add(new RoleSelection(Requests.CtImageStorage, ScuRole: true, ScpRole: true));
        request.UserInformation.RoleSelections.Add(new RoleSelection("1.2.3.4.5", ScuRole: true, ScpRole: false));
        request.UserInformation.AsyncOperations = new AsyncOperationsWindow(0, 0);

        var accept = new AssociationNegotiator(Options).Negotiate(request).Accept!;

        Assert.Equal(new RoleSelection(Requests.CtImageStorage, ScuRole: true, ScpRole: false), Assert.Single(accept.UserInformation.RoleSelections));
        Assert.Equal(new AsyncOperationsWindow(1, 1), accept.UserInformation.AsyncOperations);
        Assert.Equal(Options.MaxPduLength, accept.UserInformation.MaxPduLength);
    }

    [Fact]
    public void A_foreign_application_context_and_a_missing_protocol_version_bit_are_rejected_with_their_reasons()
    {
        var negotiator = new AssociationNegotiator(Options);
        var context = new AssociateRequest { CalledAeTitle = "FEDBUS", CallingAeTitle = "PACS", ApplicationContextName = "1.2.3" };
        var version = new AssociateRequest { CalledAeTitle = "FEDBUS", CallingAeTitle = "PACS", ProtocolVersion = 2 };

        Assert.Equal(AssociationRejection.ApplicationContextNotSupported, negotiator.Negotiate(context).Rejection);
        Assert.Equal(AssociationRejection.ProtocolVersionNotSupported, negotiator.Negotiate(version).Rejection);
    }
}
