using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;

namespace FedBus.Dicom.Network;

/// <summary>
/// Reads upper-layer PDUs from a <see cref="PipeReader"/>, with one timer (ARTIM or idle) that fires when no byte
/// arrives for too long. The timer cancels the pending read through <see cref="PipeReader.CancelPendingRead"/>,
/// so arming it costs a field write rather than a timer change per read. Bulk data can bypass the pipe
/// (<see cref="ReadDirectAsync"/>): when nothing is buffered, a PDV's payload is read from the stream straight into
/// its destination, saving a copy per byte; the pipe only ever reads when asked, so the two never interleave.
/// </summary>
internal sealed class PduReader : IDisposable
{
    private readonly PipeReader _reader;
    private readonly Stream? _stream;
    private readonly CancellationToken _cancellation;
    private readonly Timer _watchdog;
    private CancellationTokenSource _direct;
    private volatile bool _waitingDirect;
    private long _deadline = long.MaxValue;
    private volatile bool _waiting;
    private long _timeoutMilliseconds = -1;
    private long _fixedDeadline = -1;

    public PduReader(PipeReader reader, TimeSpan watchdogPeriod, CancellationToken cancellation, Stream? directSource = null)
    {
        _reader = reader;
        _stream = directSource;
        _cancellation = cancellation;
        _direct = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        _watchdog = new Timer(static state => ((PduReader)state!).Tick(), this, watchdogPeriod, watchdogPeriod);
    }

    /// <summary>Name of the timer in force, used in the timeout message (e.g. "ARTIM", "idle").</summary>
    public string TimerName { get; private set; } = "";

    /// <summary>Set by <see cref="Interrupt"/>; makes the pending or next read throw <see cref="OperationCanceledException"/>.</summary>
    public bool Interrupted { get; private set; }

    /// <summary>
    /// Arms the timer. A sliding timer (idle, DIMSE) restarts whenever bytes arrive; a fixed one (ARTIM) runs from
    /// now no matter what trickles in, so a peer cannot hold a connection open by sending one byte at a time.
    /// </summary>
    public void SetTimer(string name, TimeSpan timeout, bool sliding = true)
    {
        TimerName = name;
        var milliseconds = timeout == Timeout.InfiniteTimeSpan ? -1 : (long)timeout.TotalMilliseconds;
        Interlocked.Exchange(ref _timeoutMilliseconds, milliseconds);
        Interlocked.Exchange(ref _fixedDeadline, sliding || milliseconds < 0 ? -1 : Environment.TickCount64 + milliseconds);
    }

    /// <summary>Wakes a pending read so the owner can stop (server shutdown).</summary>
    public void Interrupt()
    {
        Interrupted = true;
        _reader.CancelPendingRead();
        CancelDirect();
    }

    /// <summary>Buffered bytes, if the pipe holds any, without reading; hand back what was used through <see cref="Consume"/>.</summary>
    public bool TryReadBuffered(out ReadOnlySequence<byte> buffer)
    {
        if (!_reader.TryRead(out var result))
        {
            buffer = default;
            return false;
        }

        if (result.Buffer.IsEmpty)
        {
            _reader.AdvanceTo(result.Buffer.Start);
            if (Interrupted)
            {
                throw new OperationCanceledException("The association was interrupted by the server stopping.");
            }

            buffer = default;
            return false;
        }

        buffer = result.Buffer;
        return true;
    }

    /// <summary>
    /// Reads at least one byte from the connection straight into <paramref name="destination"/>; call only after
    /// <see cref="TryReadBuffered"/> found nothing buffered. Falls back to the pipe when there is no direct source.
    /// </summary>
    public async ValueTask<int> ReadDirectAsync(Memory<byte> destination)
    {
        if (_stream is null)
        {
            var buffer = await ReadSomeAsync().ConfigureAwait(false);
            var count = (int)Math.Min(destination.Length, buffer.Length);
            buffer.Slice(0, count).CopyTo(destination.Span);
            Consume(buffer.GetPosition(count));
            return count;
        }

        while (true)
        {
            var timeout = Interlocked.Read(ref _timeoutMilliseconds);
            var fixedDeadline = Interlocked.Read(ref _fixedDeadline);
            Volatile.Write(ref _deadline, fixedDeadline >= 0 ? fixedDeadline : timeout < 0 ? long.MaxValue : Environment.TickCount64 + timeout);
            var token = _direct.Token;
            _waitingDirect = true;
            try
            {
                var read = await _stream.ReadAsync(destination, token).ConfigureAwait(false);
                return read > 0 ? read : throw new EndOfStreamException("The peer closed the connection in the middle of a PDU.");
            }
            catch (OperationCanceledException) when (!_cancellation.IsCancellationRequested)
            {
                ThrowIfInterruptedOrExpired(timeout, fixedDeadline);

                // A stale cancel (the timer fired just as data arrived): start over with a fresh source.
                _direct.Dispose();
                _direct = CancellationTokenSource.CreateLinkedTokenSource(_cancellation);
            }
            finally
            {
                _waitingDirect = false;
            }
        }
    }

    /// <summary>Reads a PDU header; null when the peer closed the connection cleanly at a PDU boundary.</summary>
    public async ValueTask<(byte Type, uint Length)?> ReadHeaderAsync()
    {
        var buffer = await ReadAtLeastAsync(PduCodec.HeaderLength, atBoundary: true).ConfigureAwait(false);
        if (buffer.IsEmpty)
        {
            return null;
        }

        Span<byte> header = stackalloc byte[PduCodec.HeaderLength];
        buffer.Slice(0, PduCodec.HeaderLength).CopyTo(header);
        _reader.AdvanceTo(buffer.GetPosition(PduCodec.HeaderLength));
        return (header[0], BinaryPrimitives.ReadUInt32BigEndian(header[2..]));
    }

    /// <summary>Reads exactly <paramref name="destination"/>.Length bytes.</summary>
    public async ValueTask ReadExactAsync(Memory<byte> destination)
    {
        var buffer = await ReadAtLeastAsync(destination.Length, atBoundary: false).ConfigureAwait(false);
        buffer.Slice(0, destination.Length).CopyTo(destination.Span);
        _reader.AdvanceTo(buffer.GetPosition(destination.Length));
    }

    public async ValueTask<byte[]> ReadBytesAsync(int count)
    {
        var bytes = new byte[count];
        await ReadExactAsync(bytes).ConfigureAwait(false);
        return bytes;
    }

    /// <summary>
    /// Returns whatever is buffered (at least one byte) without consuming it; the caller hands back what it used
    /// through <see cref="Consume"/>.
    /// </summary>
    public ValueTask<ReadOnlySequence<byte>> ReadSomeAsync() => ReadAtLeastAsync(1, atBoundary: false);

    public void Consume(SequencePosition consumed) => _reader.AdvanceTo(consumed);

    public async ValueTask SkipAsync(long count)
    {
        while (count > 0)
        {
            var buffer = await ReadSomeAsync().ConfigureAwait(false);
            var take = Math.Min(count, buffer.Length);
            Consume(buffer.GetPosition(take));
            count -= take;
        }
    }

    public void Dispose()
    {
        _watchdog.Dispose();
        _direct.Dispose();
    }

    private void CancelDirect()
    {
        try
        {
            _direct.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Finished already.
        }
    }

    private async ValueTask<ReadOnlySequence<byte>> ReadAtLeastAsync(int minimum, bool atBoundary)
    {
        while (true)
        {
            var timeout = Interlocked.Read(ref _timeoutMilliseconds);
            var fixedDeadline = Interlocked.Read(ref _fixedDeadline);
            Volatile.Write(ref _deadline, fixedDeadline >= 0 ? fixedDeadline : timeout < 0 ? long.MaxValue : Environment.TickCount64 + timeout);
            _waiting = true;
            ReadResult result;
            try
            {
                result = await _reader.ReadAsync(_cancellation).ConfigureAwait(false);
            }
            finally
            {
                _waiting = false;
            }

            var buffer = result.Buffer;
            if (result.IsCanceled)
            {
                ThrowIfInterruptedOrExpired(timeout, fixedDeadline);
            }

            if (buffer.Length >= minimum)
            {
                return buffer;
            }

            if (result.IsCompleted)
            {
                if (atBoundary && buffer.IsEmpty)
                {
                    return buffer;
                }

                throw new EndOfStreamException($"The peer closed the connection {(atBoundary ? "inside a PDU header" : "in the middle of a PDU")}.");
            }

            // A stale cancel (the timer fired just as data arrived) lands here too and simply reads again.
            _reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private void Tick()
    {
        if (Environment.TickCount64 < Volatile.Read(ref _deadline))
        {
            return;
        }

        if (_waiting)
        {
            _reader.CancelPendingRead();
        }
        else if (_waitingDirect)
        {
            CancelDirect();
        }
    }

    /// <summary>A read was cancelled: say why if the server is stopping or the timer ran out; otherwise it was stale.</summary>
    private void ThrowIfInterruptedOrExpired(long timeout, long fixedDeadline)
    {
        if (Interrupted)
        {
            throw new OperationCanceledException("The association was interrupted by the server stopping.");
        }

        if (Environment.TickCount64 >= Volatile.Read(ref _deadline))
        {
            throw new DicomNetworkTimeoutException(fixedDeadline >= 0
                ? $"The {TimerName} timer expired ({timeout} ms) before the peer finished."
                : $"No data from the peer for {timeout} ms ({TimerName} timer expired).");
        }
    }
}
