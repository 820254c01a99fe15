using FedBus.Dicom.Network;

namespace FedBus.Dicom.Tests.Network;

public sealed class PduCodecTests
{
    [Fact]
    public void An_A_ASSOCIATE_RQ_survives_encoding_and_decoding_with_all_user_information_sub_items()
    {
        var request = Requests.Standard(callingAe: "CALLER");
        request.UserInformation.AsyncOperations = new AsyncOperationsWindow(5, 3);
        request.UserInformation.RoleSelections.Add(new RoleSelection(Requests.CtImageStorage, ScuRole: true, ScpRole: false));
        request.UserInformation.OtherSubItems.Add(new UserInformationSubItem(0x58, [1, 0, 0, 4, (byte)'u', (byte)'s', (byte)'e', (byte)'r', 0, 0]));

        var bytes = PduCodec.EncodeAssociateRequest(request);
        var decoded = PduCodec.DecodeAssociateRequest(bytes.AsSpan(PduCodec.HeaderLength));

        Assert.Equal((byte)PduType.AssociateRequest, bytes[0]);
        Assert.Equal(bytes.Length - 6, (int)System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(2)));
        Assert.Equal(("FEDBUS", "CALLER", DicomNetworkUids.ApplicationContext), (decoded.CalledAeTitle, decoded.CallingAeTitle, decoded.ApplicationContextName));
        Assert.Equal(request.PresentationContexts.Select(p => (p.Id, p.AbstractSyntax, string.Join(',', p.TransferSyntaxes))),
            decoded.PresentationContexts.Select(p => (p.Id, p.AbstractSyntax, string.Join(',', p.TransferSyntaxes))));
        Assert.Equal(16384u, decoded.UserInformation.MaxPduLength);
        Assert.Equal("2.25.1", decoded.UserInformation.ImplementationClassUid);
        Assert.Equal("RAWPEER", decoded.UserInformation.ImplementationVersionName);
        Assert.Equal(new AsyncOperationsWindow(5, 3), decoded.UserInformation.AsyncOperations);
        Assert.Equal(new RoleSelection(Requests.CtImageStorage, true, false), Assert.Single(decoded.UserInformation.RoleSelections));
        var identity = Assert.Single(decoded.UserInformation.OtherSubItems);
        Assert.Equal(0x58, identity.Type);
        Assert.Equal(request.UserInformation.OtherSubItems[0].Value, identity.Value);
    }

    [Fact]
    public void An_A_ASSOCIATE_AC_survives_encoding_and_decoding()
    {
        var accept = new AssociateAccept
        {
            CalledAeTitle = "FEDBUS",
            CallingAeTitle = "CALLER",
            PresentationContexts =
            [
                new PresentationContextResponse(1, PresentationContextResult.Acceptance, DicomNetworkUids.ExplicitVRLittleEndian),
                new PresentationContextResponse(3, PresentationContextResult.AbstractSyntaxNotSupported, DicomNetworkUids.ImplicitVRLittleEndian),
            ],
            UserInformation = new UserInformation { MaxPduLength = 0, ImplementationClassUid = "2.25.7" },
        };

        var decoded = PduCodec.DecodeAssociateAccept(PduCodec.EncodeAssociateAccept(accept).AsSpan(PduCodec.HeaderLength));

        Assert.Equal(accept.PresentationContexts, decoded.PresentationContexts);
        Assert.Equal(0u, decoded.UserInformation.MaxPduLength);
        Assert.Equal("2.25.7", decoded.UserInformation.ImplementationClassUid);
    }

    [Fact]
    public void AE_titles_are_space_padded_to_16_bytes_and_trimmed_when_read()
    {
        var bytes = PduCodec.EncodeAssociateRequest(Requests.Standard(calledAe: "PACS"));

        Assert.Equal("PACS            "u8.ToArray(), bytes.AsSpan(10, 16).ToArray());
        Assert.Equal("PACS", PduCodec.DecodeAssociateRequest(bytes.AsSpan(6)).CalledAeTitle);
    }

    [Fact]
    public void A_request_with_an_even_or_repeated_presentation_context_id_is_a_protocol_error_naming_the_id()
    {
        var even = Requests.Standard();
        even.PresentationContexts[0] = even.PresentationContexts[0] with { Id = 2 };
        var twice = Requests.Standard();
        twice.PresentationContexts[1] = twice.PresentationContexts[1] with { Id = 1 };

        var evenError = Assert.Throws<DicomProtocolException>(() => PduCodec.DecodeAssociateRequest(PduCodec.EncodeAssociateRequest(even).AsSpan(6)));
        var twiceError = Assert.Throws<DicomProtocolException>(() => PduCodec.DecodeAssociateRequest(PduCodec.EncodeAssociateRequest(twice).AsSpan(6)));

        Assert.Contains("id 2; ids must be odd", evenError.Message, StringComparison.Ordinal);
        Assert.Contains("id 1 twice", twiceError.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_truncation_of_an_A_ASSOCIATE_RQ_body_is_a_protocol_error_or_a_shorter_request_never_another_exception()
    {
        var body = PduCodec.EncodeAssociateRequest(Requests.Standard()).AsSpan(6).ToArray();

        for (var length = 0; length < body.Length; length++)
        {
            try
            {
                PduCodec.DecodeAssociateRequest(body.AsSpan(0, length));
            }
            catch (DicomProtocolException)
            {
                // Expected for most cut points.
            }
        }

        Assert.Throws<DicomProtocolException>(() => PduCodec.DecodeAssociateRequest(body.AsSpan(0, 67)));
    }

    [Fact]
    public void A_reject_and_an_abort_decode_to_their_fields()
    {
        var reject = PduCodec.DecodeAssociateReject(PduCodec.EncodeAssociateReject(AssociationRejection.LocalLimitExceeded).AsSpan(6));
        var (source, reason) = PduCodec.DecodeAbort(PduCodec.EncodeAbort(AbortSource.ServiceProvider, AbortReason.UnexpectedPdu).AsSpan(6));

        Assert.Equal(AssociationRejection.LocalLimitExceeded, reject);
        Assert.Equal("transient rejection by ServiceProviderPresentation: local limit exceeded", reject.Describe());
        Assert.Equal((AbortSource.ServiceProvider, AbortReason.UnexpectedPdu), (source, reason));
    }
}
