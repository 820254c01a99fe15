namespace FedBus.Dicom;

/// <summary>A value held in memory.</summary>
public sealed class MemoryDicomBuffer(ReadOnlyMemory<byte> memory) : DicomBuffer
{
    public ReadOnlyMemory<byte> Memory { get; } = memory;

    public override long Length => Memory.Length;

    public override bool IsInMemory => true;

    public override ReadOnlyMemory<byte> GetMemory() => Memory;

    public override void CopyTo(long offset, Span<byte> destination)
    {
        CheckRange(offset, destination.Length, Memory.Length);
        Memory.Span.Slice((int)offset, destination.Length).CopyTo(destination);
    }
}
