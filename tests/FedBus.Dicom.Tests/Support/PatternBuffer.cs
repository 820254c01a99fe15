using System.Runtime.InteropServices;

namespace FedBus.Dicom.Tests.Support;

/// <summary>
/// A value of any size whose bytes are computed, not stored: lets a test write a 500 MB file
/// without holding 500 MB. 16-bit word i is ((i + i / 262144) * 7) mod 65536, so every 512x512
/// frame differs; filled by copying from a precomputed table (fast even in a Debug build).
/// </summary>
public sealed class PatternBuffer(long length) : DicomBuffer
{
    private const int Period = 65536;
    private const long FrameWords = 262144;
    private static readonly ushort[] Table = Enumerable.Range(0, 2 * Period).Select(i => (ushort)(i * 7)).ToArray();

    public override long Length { get; } = length;

    public override bool IsInMemory => false;

    public static ushort Word(long index) => (ushort)((index + (index / FrameWords)) * 7);

    public override ReadOnlyMemory<byte> GetMemory() => throw new NotSupportedException("pattern values are only streamed");

    public override void CopyTo(long offset, Span<byte> destination)
    {
        CheckRange(offset, destination.Length, Length);
        if (offset % 2 != 0 || destination.Length % 2 != 0)
        {
            throw new ArgumentException("whole words only");
        }

        var words = MemoryMarshal.Cast<byte, ushort>(destination);
        var index = offset / 2;
        while (!words.IsEmpty)
        {
            var toFrameEnd = FrameWords - (index % FrameWords);
            var start = (int)((index + (index / FrameWords)) % Period);
            var n = (int)Math.Min(Math.Min(words.Length, toFrameEnd), Period);
            Table.AsSpan(start, n).CopyTo(words);
            words = words[n..];
            index += n;
        }
    }
}
