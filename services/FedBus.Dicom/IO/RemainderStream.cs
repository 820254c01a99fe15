namespace FedBus.Dicom.IO;

/// <summary>A read-only stream: bytes already buffered, then whatever the underlying input yields.</summary>
internal sealed class RemainderStream(ReadOnlyMemory<byte> head, Func<Span<byte>, int> readMore) : Stream
{
    private ReadOnlyMemory<byte> head = head;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (!head.IsEmpty)
        {
            var n = Math.Min(buffer.Length, head.Length);
            head.Span[..n].CopyTo(buffer);
            head = head[n..];
            return n;
        }

        return buffer.IsEmpty ? 0 : readMore(buffer);
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
