using System.Buffers.Binary;
using System.Text;

namespace FedBus.Bench.DicomNetwork;

/// <summary>
/// Writes N CT instances of 512×512 16-bit pixels as Part 10 files (explicit VR little endian), one study, one
/// series, a different slice pattern per instance so nothing compresses away on the way.
/// </summary>
internal static class BenchFiles
{
    public const string CtImageStorage = "1.2.840.10008.5.1.4.1.1.2";
    public const string ExplicitVRLittleEndian = "1.2.840.10008.1.2.1";

    public static IReadOnlyList<string> Create(string directory, int count)
    {
        Directory.CreateDirectory(directory);
        var paths = new List<string>(count);
        var pixels = new byte[512 * 512 * 2];
        for (var i = 0; i < count; i++)
        {
            for (var p = 0; p < pixels.Length / 2; p++)
            {
                BinaryPrimitives.WriteUInt16LittleEndian(pixels.AsSpan(2 * p), (ushort)(((p % 512) + (p / 512) + (i * 37)) & 0x0FFF));
            }

            var instanceUid = $"2.25.7700000000.{i + 1}";
            var dataSet = DataSet(instanceUid, i + 1, pixels);
            var path = Path.Combine(directory, $"ct{i + 1:D4}.dcm");
            using var file = File.Create(path);
            file.Write(Part10.Meta(CtImageStorage, instanceUid, ExplicitVRLittleEndian));
            file.Write(dataSet);
            paths.Add(path);
        }

        return paths;
    }

    private static byte[] DataSet(string instanceUid, int number, byte[] pixels)
    {
        using var stream = new MemoryStream(pixels.Length + 1024);
        Part10.Element(stream, 0x0008, 0x0016, "UI", Part10.Text(CtImageStorage, 0));
        Part10.Element(stream, 0x0008, 0x0018, "UI", Part10.Text(instanceUid, 0));
        Part10.Element(stream, 0x0008, 0x0060, "CS", Part10.Text("CT", (byte)' '));
        Part10.Element(stream, 0x0010, 0x0010, "PN", Part10.Text("Bench^Ingestion", (byte)' '));
        Part10.Element(stream, 0x0010, 0x0020, "LO", Part10.Text("BENCH-1", (byte)' '));
        Part10.Element(stream, 0x0020, 0x000D, "UI", Part10.Text("2.25.7700000000.0.1", 0));
        Part10.Element(stream, 0x0020, 0x000E, "UI", Part10.Text("2.25.7700000000.0.2", 0));
        Part10.Element(stream, 0x0020, 0x0013, "IS", Part10.Text(number.ToString(System.Globalization.CultureInfo.InvariantCulture), (byte)' '));
        Part10.Element(stream, 0x0028, 0x0002, "US", Part10.UInt16(1));
        Part10.Element(stream, 0x0028, 0x0004, "CS", Part10.Text("MONOCHROME2", (byte)' '));
        Part10.Element(stream, 0x0028, 0x0010, "US", Part10.UInt16(512));
        Part10.Element(stream, 0x0028, 0x0011, "US", Part10.UInt16(512));
        Part10.Element(stream, 0x0028, 0x0100, "US", Part10.UInt16(16));
        Part10.Element(stream, 0x0028, 0x0101, "US", Part10.UInt16(12));
        Part10.Element(stream, 0x0028, 0x0102, "US", Part10.UInt16(11));
        Part10.Element(stream, 0x0028, 0x0103, "US", Part10.UInt16(0));
        Part10.Element(stream, 0x7FE0, 0x0010, "OW", pixels);
        return stream.ToArray();
    }
}
