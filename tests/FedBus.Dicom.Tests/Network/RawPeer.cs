using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using FedBus.Dicom.Network;

namespace FedBus.Dicom.Tests.Network;

/// <summary>A bare TCP peer that sends whatever bytes a test wants and reads back whole PDUs.</summary>
internal sealed class RawPeer : IAsyncDisposable
{
    private readonly TcpClient _client;
    private readonly NetworkStream _stream;

    private RawPeer(TcpClient client)
    {
        _client = client;
        _stream = client.GetStream();
    }

    public static async Task<RawPeer> ConnectAsync(int port)
    {
        var client = new TcpClient { NoDelay = true };
        await client.ConnectAsync(IPAddress.Loopback, port);
        return new RawPeer(client);
    }

    /// <summary>Connects and completes an association proposing CT Image Storage and Verification (ids 1 and 3).</summary>
    public static async Task<RawPeer> AssociateAsync(int port, string calledAe = TestServer.AeTitle)
    {
        var peer = await ConnectAsync(port);
        await peer.SendAsync(PduCodec.EncodeAssociateRequest(Requests.Standard(calledAe)));
        var (type, _) = await peer.ReceiveAsync();
        Assert.Equal(PduType.AssociateAccept, type);
        return peer;
    }

    public async Task SendAsync(byte[] bytes) => await _stream.WriteAsync(bytes);

    /// <summary>Sends a DIMSE command (and data set) on a context as single-PDV P-DATA-TF PDUs.</summary>
    public async Task SendMessageAsync(byte contextId, DicomCommand command, byte[]? dataSet = null)
    {
        await SendAsync(DataPdu(contextId, isCommand: true, last: true, command.Encode()));
        if (dataSet is not null)
        {
            await SendAsync(DataPdu(contextId, isCommand: false, last: true, dataSet));
        }
    }

    public static byte[] DataPdu(byte contextId, bool isCommand, bool last, byte[] payload)
    {
        var pdu = new byte[PduCodec.DataPduOverhead + payload.Length];
        PduCodec.WriteDataPduHeader(pdu, contextId, isCommand, last, payload.Length);
        payload.CopyTo(pdu, PduCodec.DataPduOverhead);
        return pdu;
    }

    /// <summary>Reads one PDU; fails the test if none arrives in time or the connection closes first.</summary>
    public async Task<(PduType Type, byte[] Body)> ReceiveAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        var header = new byte[6];
        await _stream.ReadExactlyAsync(header, cts.Token);
        var body = new byte[BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(2))];
        await _stream.ReadExactlyAsync(body, cts.Token);
        return ((PduType)header[0], body);
    }

    /// <summary>Reads the next DIMSE command the peer sends back (single-PDV responses, as our SCP sends them).</summary>
    public async Task<DicomCommand> ReceiveCommandAsync()
    {
        var (type, body) = await ReceiveAsync();
        Assert.Equal(PduType.DataTransfer, type);
        Assert.True((body[5] & 3) == 3, "expected a complete command in one PDV");
        return DicomCommand.Decode(body.AsSpan(6));
    }

    /// <summary>True when the peer closes the connection (reads return 0) within the timeout.</summary>
    public async Task<bool> ClosedByPeerAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        var buffer = new byte[4096];
        try
        {
            while (await _stream.ReadAsync(buffer, cts.Token) > 0)
            {
            }

            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        catch (IOException)
        {
            return true;
        }
    }

    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }
}
