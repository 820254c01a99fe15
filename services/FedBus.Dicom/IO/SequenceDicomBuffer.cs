using System.Buffers;

namespace FedBus.Dicom.IO;

/// <summary>
/// A value that spans several input buffers, kept as a view of them: a 512 KB pixel data element of a received
/// C-STORE is then neither copied nor allocated (copying each one onto the large-object heap costs more in GC than
/// the parse itself). <see cref="GetMemory"/> joins the pieces on demand.
/// </summary>
internal sealed class SequenceDicomBuffer(ReadOnlySequence<byte> value) : DicomBuffer
{
    public override long Length => value.Length;

    public override bool IsInMemory => false;

    public override ReadOnlyMemory<byte> GetMemory() => value.ToArray();

    public override void CopyTo(long offset, Span<byte> destination)
    {
        CheckRange(offset, destination.Length, value.Length);
        value.Slice(offset, destination.Length).CopyTo(destination);
    }

    public override void WriteTo(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        foreach (var segment in value)
        {
            stream.Write(segment.Span);
        }
    }
}
