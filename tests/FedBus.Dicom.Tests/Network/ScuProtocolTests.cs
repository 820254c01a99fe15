using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using FedBus.Dicom.Network;

namespace FedBus.Dicom.Tests.Network;

/// <summary>Our SCU against a scripted peer over an in-memory connection: the cases DCMTK will not produce on demand.</summary>
public sealed class ScuProtocolTests
{
    private static readonly PresentationContextRequest[] Verification =
        [new(DicomNetworkUids.Verification, [DicomNetworkUids.ImplicitVRLittleEndian])];

    [Fact]
    public async Task A_release_collision_is_answered_with_A_RELEASE_RP_and_the_release_then_completes()
    {
        var connection = new InMemoryConnection();
        var (association, peer) = await AssociateAsync(connection);

        var releasing = association.ReleaseAsync();
        Assert.Equal(PduType.ReleaseRequest, (await ReadPduAsync(peer.Input)).Type);
        await peer.Output.WriteAsync(PduCodec.EncodeReleaseRequest());
        Assert.Equal(PduType.ReleaseResponse, (await ReadPduAsync(peer.Input)).Type);
        Assert.False(releasing.IsCompleted);
        await peer.Output.WriteAsync(PduCodec.EncodeReleaseResponse());
        await releasing.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.False(association.IsOpen);
    }

    [Fact]
    public async Task An_A_ABORT_from_the_peer_during_a_store_throws_with_its_source_and_reason()
    {
        var connection = new InMemoryConnection();
        var (association, peer) = await AssociateAsync(connection, [new(Requests.CtImageStorage, [DicomNetworkUids.ExplicitVRLittleEndian])]);

        var storing = association.StoreAsync(Requests.Item(5000, "2.25.901"));
        Assert.Equal(PduType.DataTransfer, (await ReadPduAsync(peer.Input)).Type);
        await peer.Output.WriteAsync(PduCodec.EncodeAbort(AbortSource.ServiceProvider, AbortReason.UnexpectedPduParameter));

        var error = await Assert.ThrowsAsync<DicomAssociationAbortedException>(() => storing);
        Assert.Equal((AbortSource.ServiceProvider, AbortReason.UnexpectedPduParameter), (error.AbortSource, error.AbortReason));
        Assert.False(association.IsOpen);
        await Assert.ThrowsAsync<InvalidOperationException>(() => association.EchoAsync());
    }

    [Fact]
    public async Task A_response_that_never_comes_times_out_and_the_SCU_aborts()
    {
        var connection = new InMemoryConnection();
        var options = Requests.Client(0);
        options.DimseTimeout = TimeSpan.FromMilliseconds(300);
        var (association, peer) = await AssociateAsync(connection, Verification, options);

        var error = await Assert.ThrowsAsync<DicomNetworkTimeoutException>(() => association.EchoAsync());

        Assert.Contains("DIMSE timer expired", error.Message, StringComparison.Ordinal);
        Assert.Equal(PduType.DataTransfer, (await ReadPduAsync(peer.Input)).Type);
        var (type, body) = await ReadPduAsync(peer.Input);
        Assert.Equal(PduType.Abort, type);
        Assert.Equal((byte)AbortSource.ServiceProvider, body[2]);
    }

    [Fact]
    public async Task A_response_for_another_message_id_is_a_protocol_error_and_aborts()
    {
        var connection = new InMemoryConnection();
        var (association, peer) = await AssociateAsync(connection, Verification);

        var echoing = association.EchoAsync();
        await ReadPduAsync(peer.Input);
        var wrong = new DicomCommand
        {
            CommandField = DicomCommandField.CEchoResponse,
            MessageIdBeingRespondedTo = 999,
            CommandDataSetType = DicomCommand.NoDataSet,
            Status = 0,
        };
        await peer.Output.WriteAsync(RawPeer.DataPdu(1, isCommand: true, last: true, wrong.Encode()));

        var error = await Assert.ThrowsAsync<DicomProtocolException>(() => echoing);
        Assert.Contains("for message 1", error.Message, StringComparison.Ordinal);
        Assert.Equal(PduType.Abort, (await ReadPduAsync(peer.Input)).Type);
    }

    [Fact]
    public async Task Data_is_fragmented_to_the_peers_maximum_PDU_length()
    {
        var connection = new InMemoryConnection();
        var (association, peer) = await AssociateAsync(connection, [new(Requests.CtImageStorage, [DicomNetworkUids.ExplicitVRLittleEndian])], peerMaxPdu: 4096);
        var data = Requests.DataSet(20_000);

        var storing = association.StoreAsync(DicomStoreItem.FromDataSet(Requests.CtImageStorage, "2.25.902", DicomNetworkUids.ExplicitVRLittleEndian, data));
        var received = new List<byte>();
        var pdus = 0;
        while (true)
        {
            var (type, body) = await ReadPduAsync(peer.Input);
            Assert.Equal(PduType.DataTransfer, type);
            Assert.True(body.Length <= 4096, $"PDU of {body.Length} bytes");
            pdus++;
            if ((body[5] & 1) == 0)
            {
                received.AddRange(body[6..]);
                if ((body[5] & 2) != 0)
                {
                    break;
                }
            }
        }

        var response = new DicomCommand
        {
            CommandField = DicomCommandField.CStoreResponse,
            MessageIdBeingRespondedTo = 1,
            CommandDataSetType = DicomCommand.NoDataSet,
            Status = 0xB000,
        };
        await peer.Output.WriteAsync(RawPeer.DataPdu(1, isCommand: true, last: true, response.Encode()));

        Assert.Equal(new DicomStatus(0xB000), await storing);
        Assert.Equal(data, received);
        Assert.Equal(1 + (int)Math.Ceiling(data.Length / 4090.0), pdus);
    }

    private static async Task<(DicomClientAssociation Association, (PipeReader Input, PipeWriter Output) Peer)> AssociateAsync(
        InMemoryConnection connection, PresentationContextRequest[]? contexts = null, DicomClientOptions? options = null, uint peerMaxPdu = 16384)
    {
        var peer = (connection.ClientInput, connection.ClientOutput);
        var opening = DicomClientAssociation.OpenAsync(connection.ServerStream, options ?? Requests.Client(0), contexts ?? Verification);
        var (type, body) = await ReadPduAsync(peer.ClientInput);
        Assert.Equal(PduType.AssociateRequest, type);
        var request = PduCodec.DecodeAssociateRequest(body);
        var accept = new AssociateAccept
        {
            CalledAeTitle = request.CalledAeTitle,
            CallingAeTitle = request.CallingAeTitle,
            PresentationContexts = request.PresentationContexts
                .Select(p => new PresentationContextResponse(p.Id, PresentationContextResult.Acceptance, p.TransferSyntaxes[0]))
                .ToList(),
            UserInformation = new UserInformation { MaxPduLength = peerMaxPdu },
        };
        await peer.ClientOutput.WriteAsync(PduCodec.EncodeAssociateAccept(accept));
        return (await opening.WaitAsync(TimeSpan.FromSeconds(30)), peer);
    }

    private static async Task<(PduType Type, byte[] Body)> ReadPduAsync(PipeReader reader)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var result = await reader.ReadAsync(timeout.Token);
            var buffer = result.Buffer;
            if (buffer.Length >= 6)
            {
                var header = buffer.Slice(0, 6).ToArray();
                var length = BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(2));
                if (buffer.Length >= 6 + length)
                {
                    var body = buffer.Slice(6, length).ToArray();
                    reader.AdvanceTo(buffer.GetPosition(6 + length));
                    return ((PduType)header[0], body);
                }
            }

            Assert.False(result.IsCompleted, "the connection closed before a whole PDU arrived");
            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }
}
