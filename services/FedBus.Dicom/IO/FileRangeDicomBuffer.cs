namespace FedBus.Dicom.IO;

/// <summary>
/// A value left in the file it was read from. Bytes are read on demand and, for big endian files,
/// swapped per VR unit so callers always see little endian.
/// </summary>
internal sealed class FileRangeDicomBuffer(DicomFileHandle file, long offset, long length, int swapUnit) : DicomBuffer
{
    public long FileOffset { get; } = offset;

    public override long Length { get; } = length;

    public override bool IsInMemory => false;

    public override ReadOnlyMemory<byte> GetMemory()
    {
        if (Length > Array.MaxLength)
        {
            throw new DicomDataException($"a value of {Length} bytes cannot be held in one array; read it in ranges with CopyTo");
        }

        var bytes = GC.AllocateUninitializedArray<byte>((int)Length);
        CopyTo(0, bytes);
        return bytes;
    }

    public override void CopyTo(long offset, Span<byte> destination)
    {
        CheckRange(offset, destination.Length, Length);
        if (swapUnit > 1 && (offset % swapUnit != 0 || destination.Length % swapUnit != 0))
        {
            throw new ArgumentException($"big endian values are read in whole {swapUnit}-byte units", nameof(offset));
        }

        file.ReadExactly(FileOffset + offset, destination);
        ByteSwap.InPlace(destination, swapUnit);
    }
}
