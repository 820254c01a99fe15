using System.Text;

namespace FedBus.Dicom.Imaging;

/// <summary>The worker protocol: length-prefixed binary messages on the worker's stdin/stdout.</summary>
internal static class GdcmWire
{
    public static void WriteRequest(BinaryWriter w, GdcmFrameRequest r)
    {
        w.Write(r.TransferSyntaxUid);
        w.Write(r.Rows);
        w.Write(r.Columns);
        w.Write(r.SamplesPerPixel);
        w.Write(r.BitsAllocated);
        w.Write(r.BitsStored);
        w.Write(r.HighBit);
        w.Write(r.Signed);
        w.Write(r.PlanarConfiguration);
        w.Write(r.PhotometricInterpretation);
        w.Write(r.ExpectedLength);
        w.Write(r.Compressed.Length);
        w.Write(r.Compressed);
        w.Flush();
    }

    public static GdcmFrameRequest ReadRequest(BinaryReader r) => new(
        r.ReadString(),
        r.ReadInt32(),
        r.ReadInt32(),
        r.ReadInt32(),
        r.ReadInt32(),
        r.ReadInt32(),
        r.ReadInt32(),
        r.ReadBoolean(),
        r.ReadInt32(),
        r.ReadString(),
        r.ReadInt64(),
        ReadBytes(r));

    public static void WriteResult(BinaryWriter w, GdcmFrameResult result)
    {
        w.Write(result.Error is null);
        if (result.Error is not null)
        {
            w.Write(result.Error);
        }
        else
        {
            w.Write(result.PhotometricInterpretation);
            w.Write(result.PlanarConfiguration);
            w.Write(result.Bytes!.Length);
            w.Write(result.Bytes);
        }

        w.Flush();
    }

    public static GdcmFrameResult ReadResult(BinaryReader r)
    {
        if (!r.ReadBoolean())
        {
            return GdcmFrameResult.Failed(r.ReadString());
        }

        var pi = r.ReadString();
        var planar = r.ReadInt32();
        return new GdcmFrameResult(ReadBytes(r), pi, planar, null);
    }

    public static Encoding TextEncoding { get; } = new UTF8Encoding(false);

    private static byte[] ReadBytes(BinaryReader r)
    {
        var length = r.ReadInt32();
        var bytes = r.ReadBytes(length);
        if (bytes.Length != length)
        {
            throw new EndOfStreamException($"expected {length} bytes, got {bytes.Length}");
        }

        return bytes;
    }
}
