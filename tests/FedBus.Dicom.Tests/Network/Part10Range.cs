using System.Buffers.Binary;
using System.Text;

namespace FedBus.Dicom.Tests.Network;

/// <summary>Where the data set of a Part 10 file starts and which UIDs its meta information names.</summary>
internal sealed record Part10Range(string Path, long DataSetOffset, long DataSetLength, string SopClassUid, string SopInstanceUid, string TransferSyntaxUid)
{
    public byte[] DataSetBytes() => File.ReadAllBytes(Path).AsSpan((int)DataSetOffset).ToArray();

    /// <summary>Reads the (explicit VR little endian) file meta group; enough for the test files DCMTK writes.</summary>
    public static Part10Range Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < 144 || Encoding.ASCII.GetString(bytes, 128, 4) != "DICM")
        {
            throw new InvalidDataException($"{path} is not a DICOM Part 10 file.");
        }

        var groupLength = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(140));
        var end = 144 + (int)groupLength;
        var values = new Dictionary<ushort, string>();
        for (var at = 144; at < end;)
        {
            var element = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(at + 2));
            var vr = Encoding.ASCII.GetString(bytes, at + 4, 2);
            int length, header;
            if (vr is "OB" or "OW" or "SQ" or "UN" or "UT")
            {
                length = (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at + 8));
                header = 12;
            }
            else
            {
                length = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(at + 6));
                header = 8;
            }

            values[element] = Encoding.ASCII.GetString(bytes, at + header, length).TrimEnd('\0', ' ');
            at += header + length;
        }

        return new Part10Range(path, end, bytes.Length - end, values[0x0002], values[0x0003], values[0x0010]);
    }
}
