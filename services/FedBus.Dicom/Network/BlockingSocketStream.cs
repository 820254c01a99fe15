using System.Net.Sockets;

namespace FedBus.Dicom.Network;

/// <summary>
/// A connection whose reads block when made on the association's own thread (<see cref="AssociationThread"/>), and
/// are asynchronous anywhere else, so a pool thread is never held. A read takes what is waiting with one recv(2); when
/// nothing is, it waits in poll(2) for at most
/// <see cref="PollInterval"/> at a time and then looks at its cancellation token: the association's timers and stop
/// requests cancel reads through tokens, which a blocking recv(2) would not see. Writes are the socket's own.
/// </summary>
internal sealed class BlockingSocketStream(Socket socket, AssociationThread home) : Stream
{
    /// <summary>How late a blocked read notices a cancelled token at most.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    private readonly NetworkStream _inner = Open(socket);

    // Non-blocking, so a read finds out at once whether bytes are waiting (asynchronous reads and writes are not affected).
    // NetworkStream refuses a socket that is non-blocking already; it only writes asynchronously here.
    private static NetworkStream Open(Socket socket)
    {
        var stream = new NetworkStream(socket, ownsSocket: true);
        socket.Blocking = false;
        return stream;
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (!home.IsCurrent)
        {
            return _inner.ReadAsync(buffer, cancellationToken);
        }

        try
        {
            return ValueTask.FromResult(Receive(buffer.Span, cancellationToken));
        }
        catch (Exception ex)
        {
            return ValueTask.FromException<int>(ex);
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => Receive(buffer.AsSpan(offset, count), CancellationToken.None);

    public override int Read(Span<byte> buffer) => Receive(buffer, CancellationToken.None);

    private int Receive(Span<byte> buffer, CancellationToken cancellationToken)
    {
        var micros = (int)(PollInterval.Ticks / TimeSpan.TicksPerMicrosecond);
        try
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                // Bytes are usually there already (a large data set arrives faster than it is taken): one recv(2).
                var read = socket.Receive(buffer, SocketFlags.None, out var error);
                if (error == SocketError.Success)
                {
                    return read;
                }

                if (error != SocketError.WouldBlock)
                {
                    throw new SocketException((int)error);
                }

                socket.Poll(micros, SelectMode.SelectRead);
            }
        }
        catch (SocketException ex)
        {
            // As NetworkStream reports a failed read.
            throw new IOException($"Unable to read data from the transport connection: {ex.Message}", ex);
        }
    }

    // A synchronous write on a non-blocking socket would fail when the send buffer is full: wait for the asynchronous one.
    public override void Write(byte[] buffer, int offset, int count) => _inner.WriteAsync(buffer, offset, count).GetAwaiter().GetResult();

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
        _inner.WriteAsync(buffer, cancellationToken);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        _inner.WriteAsync(buffer, offset, count, cancellationToken);

    public override void Flush()
    {
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
