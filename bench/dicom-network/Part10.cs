using System.Buffers.Binary;
using System.Text;

namespace FedBus.Bench.DicomNetwork;

/// <summary>Just enough explicit-VR-little-endian writing for the benchmark's files and its handler's meta header.</summary>
internal static class Part10
{
    public static byte[] Meta(string sopClassUid, string sopInstanceUid, string transferSyntaxUid)
    {
        using var group = new MemoryStream(256);
        Element(group, 0x0002, 0x0001, "OB", [0, 1]);
        Element(group, 0x0002, 0x0002, "UI", Text(sopClassUid, 0));
        Element(group, 0x0002, 0x0003, "UI", Text(sopInstanceUid, 0));
        Element(group, 0x0002, 0x0010, "UI", Text(transferSyntaxUid, 0));
        Element(group, 0x0002, 0x0012, "UI", Text("2.25.160808819489163227799313445759953627667", 0));
        Element(group, 0x0002, 0x0013, "SH", Text("FEDBUS_BENCH", (byte)' '));
        using var meta = new MemoryStream(512);
        meta.Write(new byte[128]);
        meta.Write("DICM"u8);
        Element(meta, 0x0002, 0x0000, "UL", BitConverter.GetBytes((uint)group.Length));
        group.WriteTo(meta);
        return meta.ToArray();
    }

    public static void Element(Stream stream, ushort group, ushort element, string vr, byte[] value)
    {
        Span<byte> header = stackalloc byte[12];
        BinaryPrimitives.WriteUInt16LittleEndian(header, group);
        BinaryPrimitives.WriteUInt16LittleEndian(header[2..], element);
        Encoding.ASCII.GetBytes(vr, header[4..]);
        if (vr is "OB" or "OW" or "SQ" or "UN" or "UT")
        {
            header[6] = 0;
            header[7] = 0;
            BinaryPrimitives.WriteUInt32LittleEndian(header[8..], (uint)value.Length);
            stream.Write(header);
        }
        else
        {
            BinaryPrimitives.WriteUInt16LittleEndian(header[6..], (ushort)value.Length);
            stream.Write(header[..8]);
        }

        stream.Write(value);
    }

    public static byte[] Text(string value, byte padding)
    {
        var bytes = Encoding.ASCII.GetBytes(value);
        return bytes.Length % 2 == 0 ? bytes : [.. bytes, padding];
    }

    public static byte[] UInt16(ushort value) => BitConverter.GetBytes(value);
}
