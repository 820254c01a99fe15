using System.Buffers;

namespace FedBus.Dicom.Network;

/// <summary>
/// Writes PDUs to the connection, one write per PDU, serialised so an A-ABORT from another task never interleaves
/// with a P-DATA-TF. DIMSE messages are fragmented to the peer's maximum PDU length (PS3.8 §9.3.5, Annex E).
/// </summary>
internal sealed class PduWriter(Stream stream) : IDisposable
{
    /// <summary>Our ceiling for one PDV, whatever the peer allows (0 = unlimited).</summary>
    public const int MaxSendPayload = 1024 * 1024;

    private readonly SemaphoreSlim _lock = new(1, 1);

    /// <summary>Largest PDV value we may send: the peer's maximum PDU length minus the PDV item header.</summary>
    public static int PayloadLimit(uint peerMaxPduLength) =>
        peerMaxPduLength == 0 ? MaxSendPayload : (int)Math.Clamp((long)peerMaxPduLength - 6, 1, MaxSendPayload);

    public async ValueTask WriteAsync(ReadOnlyMemory<byte> pdu, CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await stream.WriteAsync(pdu, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _lock.Release();
        }
    }

    public async ValueTask SendCommandAsync(byte contextId, DicomCommand command, int payloadLimit, CancellationToken cancellationToken) =>
        await SendAsync(contextId, isCommand: true, command.Encode(), payloadLimit, cancellationToken).ConfigureAwait(false);

    public async ValueTask SendAsync(byte contextId, bool isCommand, ReadOnlyMemory<byte> payload, int payloadLimit, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(PduCodec.DataPduOverhead + Math.Min(payload.Length, payloadLimit));
        try
        {
            var offset = 0;
            do
            {
                var count = Math.Min(payload.Length - offset, payloadLimit);
                var last = offset + count == payload.Length;
                PduCodec.WriteDataPduHeader(buffer, contextId, isCommand, last, count);
                payload.Slice(offset, count).CopyTo(buffer.AsMemory(PduCodec.DataPduOverhead));
                await WriteAsync(buffer.AsMemory(0, PduCodec.DataPduOverhead + count), cancellationToken).ConfigureAwait(false);
                offset += count;
            }
            while (offset < payload.Length);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Sends <paramref name="length"/> bytes of <paramref name="source"/> as data-set fragments, reading straight into the PDU buffer.</summary>
    public async ValueTask SendDataAsync(byte contextId, Stream source, long length, int payloadLimit, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(PduCodec.DataPduOverhead + (int)Math.Min(length, payloadLimit));
        try
        {
            long sent = 0;
            do
            {
                var count = (int)Math.Min(length - sent, payloadLimit);
                var last = sent + count == length;
                await source.ReadExactlyAsync(buffer.AsMemory(PduCodec.DataPduOverhead, count), cancellationToken).ConfigureAwait(false);
                PduCodec.WriteDataPduHeader(buffer, contextId, command: false, last, count);
                await WriteAsync(buffer.AsMemory(0, PduCodec.DataPduOverhead + count), cancellationToken).ConfigureAwait(false);
                sent += count;
            }
            while (sent < length);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public void Dispose() => _lock.Dispose();
}
