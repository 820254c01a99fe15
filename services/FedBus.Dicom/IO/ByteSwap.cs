using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace FedBus.Dicom.IO;

/// <summary>Reverses the byte order of every 2-, 4- or 8-byte unit (big endian ⇄ little endian).</summary>
internal static class ByteSwap
{
    public static void InPlace(Span<byte> data, int unit)
    {
        switch (unit)
        {
            case 2:
                var u16 = MemoryMarshal.Cast<byte, ushort>(data[..(data.Length & ~1)]);
                BinaryPrimitives.ReverseEndianness(u16, u16);
                break;
            case 4:
                var u32 = MemoryMarshal.Cast<byte, uint>(data[..(data.Length & ~3)]);
                BinaryPrimitives.ReverseEndianness(u32, u32);
                break;
            case 8:
                var u64 = MemoryMarshal.Cast<byte, ulong>(data[..(data.Length & ~7)]);
                BinaryPrimitives.ReverseEndianness(u64, u64);
                break;
        }
    }

    public static byte[] Copy(ReadOnlySpan<byte> data, int unit)
    {
        var copy = data.ToArray();
        InPlace(copy, unit);
        return copy;
    }
}
