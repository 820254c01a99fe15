using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;

namespace FedBus.Dicom.Network;

/// <summary>
/// Reads upper-layer PDUs from a <see cref="PipeReader"/>, with one timer (ARTIM or idle) that fires when no byte
/// arrives for too long. The timer cancels the pending read through <see cref="PipeReader.CancelPendingRead"/>,
/// so arming it costs a field write rather than a timer change per read.
/// </summary>
internal sealed class PduReader : IDisposable
{
    private readonly PipeReader _reader;
    private readonly CancellationToken _cancellation;
    private readonly Timer _watchdog;
    private long _deadline = long.MaxValue;
    private volatile bool _waiting;
    private long _timeoutMilliseconds = -1;

    public PduReader(PipeReader reader, TimeSpan watchdogPeriod, CancellationToken cancellation)
    {
        _reader = reader;
        _cancellation = cancellation;
        _watchdog = new Timer(static state => ((PduReader)state!).Tick(), this, watchdogPeriod, watchdogPeriod);
    }

    /// <summary>Name of the timer in force, used in the timeout message (e.g. "ARTIM", "idle").</summary>
    public string TimerName { get; private set; } = "";

    /// <summary>Set by <see cref="Interrupt"/>; makes the pending or next read throw <see cref="OperationCanceledException"/>.</summary>
    public bool Interrupted { get; private set; }

    public void SetTimer(string name, TimeSpan timeout)
    {
        TimerName = name;
        _timeoutMilliseconds = timeout == Timeout.InfiniteTimeSpan ? -1 : (long)timeout.TotalMilliseconds;
    }

    /// <summary>Wakes a pending read so the owner can stop (server shutdown).</summary>
    public void Interrupt()
    {
        Interrupted = true;
        _reader.CancelPendingRead();
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

    public void Dispose() => _watchdog.Dispose();

    private async ValueTask<ReadOnlySequence<byte>> ReadAtLeastAsync(int minimum, bool atBoundary)
    {
        while (true)
        {
            var timeout = Interlocked.Read(ref _timeoutMilliseconds);
            Volatile.Write(ref _deadline, timeout < 0 ? long.MaxValue : Environment.TickCount64 + timeout);
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
                if (Interrupted)
                {
                    throw new OperationCanceledException("The association was interrupted by the server stopping.");
                }

                if (Environment.TickCount64 >= Volatile.Read(ref _deadline))
                {
                    throw new DicomNetworkTimeoutException($"No data from the peer for {timeout} ms ({TimerName} timer expired).");
                }
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
        if (_waiting && Environment.TickCount64 >= Volatile.Read(ref _deadline))
        {
            _reader.CancelPendingRead();
        }
    }
}
