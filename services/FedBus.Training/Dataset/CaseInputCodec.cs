using System.Buffers.Binary;
using System.Runtime.InteropServices;
using FedBus.Learning.Cases;

namespace FedBus.Training.Dataset;

/// <summary>
/// The blob a case's decoded model input is cached as, so DICOM is decoded once per case and size, not every round.
/// Layout (little-endian): "FBCI", version 1, label kind (0 mask, 1 class, 2 boxes), height, width (int32), the
/// pixels (float32), then the label: the mask (height × width bytes), a class id (int32), or a box count (int32) and
/// per box x0, y0, x1, y1 (float32) and its class id (int32). Every length is checked on reading.
/// </summary>
public static class CaseInputCodec
{
    private static ReadOnlySpan<byte> Magic => "FBCI"u8;
    private const byte Version = 1;
    private const int HeaderLength = 4 + 1 + 1 + 4 + 4;

    public static byte[] Encode(CaseInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var image = input.Image;
        var pixelBytes = MemoryMarshal.AsBytes(image.Pixels.AsSpan());
        var (kind, labelLength) = input.Label switch
        {
            SegmentationLabel s => ((byte)0, s.Mask.Length),
            ClassLabel => ((byte)1, 4),
            DetectionLabel d => ((byte)2, 4 + d.Boxes.Count * 20),
            var other => throw new ArgumentException($"No cached form for {other.GetType().Name}.", nameof(input)),
        };
        var bytes = new byte[HeaderLength + pixelBytes.Length + labelLength];
        var span = bytes.AsSpan();
        Magic.CopyTo(span);
        span[4] = Version;
        span[5] = kind;
        BinaryPrimitives.WriteInt32LittleEndian(span[6..], image.Height);
        BinaryPrimitives.WriteInt32LittleEndian(span[10..], image.Width);
        var at = HeaderLength;
        for (var i = 0; i < image.Pixels.Length; i++, at += 4) BinaryPrimitives.WriteSingleLittleEndian(span[at..], image.Pixels[i]);
        switch (input.Label)
        {
            case SegmentationLabel s:
                s.Mask.CopyTo(span[at..]);
                break;
            case ClassLabel c:
                BinaryPrimitives.WriteInt32LittleEndian(span[at..], c.ClassId);
                break;
            case DetectionLabel d:
                BinaryPrimitives.WriteInt32LittleEndian(span[at..], d.Boxes.Count);
                at += 4;
                foreach (var b in d.Boxes)
                {
                    BinaryPrimitives.WriteSingleLittleEndian(span[at..], b.X0);
                    BinaryPrimitives.WriteSingleLittleEndian(span[(at + 4)..], b.Y0);
                    BinaryPrimitives.WriteSingleLittleEndian(span[(at + 8)..], b.X1);
                    BinaryPrimitives.WriteSingleLittleEndian(span[(at + 12)..], b.Y1);
                    BinaryPrimitives.WriteInt32LittleEndian(span[(at + 16)..], b.ClassId);
                    at += 20;
                }
                break;
        }
        return bytes;
    }

    /// <summary>Throws <see cref="InvalidDataException"/> naming what does not fit.</summary>
    public static CaseInput Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < HeaderLength || !bytes[..4].SequenceEqual(Magic))
            throw new InvalidDataException("The cached case input does not start with the FBCI header.");
        if (bytes[4] != Version) throw new InvalidDataException($"The cached case input has version {bytes[4]}; this reader knows {Version}.");
        var kind = bytes[5];
        var height = BinaryPrimitives.ReadInt32LittleEndian(bytes[6..]);
        var width = BinaryPrimitives.ReadInt32LittleEndian(bytes[10..]);
        if (height < 1 || width < 1 || (long)height * width > 16_777_216)
            throw new InvalidDataException($"The cached case input claims a {height}×{width} image.");
        var pixels = height * width;
        var at = HeaderLength;
        Need(bytes, at, pixels * 4L, "pixels");
        var values = new float[pixels];
        for (var i = 0; i < pixels; i++, at += 4) values[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes[at..]);
        var image = new ImageSlice(height, width, values);
        CaseLabel label;
        switch (kind)
        {
            case 0:
                Need(bytes, at, pixels, "mask");
                label = new SegmentationLabel(bytes.Slice(at, pixels).ToArray());
                at += pixels;
                break;
            case 1:
                Need(bytes, at, 4, "class id");
                label = new ClassLabel(BinaryPrimitives.ReadInt32LittleEndian(bytes[at..]));
                at += 4;
                break;
            case 2:
                Need(bytes, at, 4, "box count");
                var count = BinaryPrimitives.ReadInt32LittleEndian(bytes[at..]);
                at += 4;
                if (count < 0) throw new InvalidDataException($"The cached case input claims {count} boxes.");
                Need(bytes, at, count * 20L, "boxes");
                var boxes = new BoundingBox[count];
                for (var i = 0; i < count; i++, at += 20)
                    boxes[i] = new BoundingBox(
                        BinaryPrimitives.ReadSingleLittleEndian(bytes[at..]), BinaryPrimitives.ReadSingleLittleEndian(bytes[(at + 4)..]),
                        BinaryPrimitives.ReadSingleLittleEndian(bytes[(at + 8)..]), BinaryPrimitives.ReadSingleLittleEndian(bytes[(at + 12)..]),
                        BinaryPrimitives.ReadInt32LittleEndian(bytes[(at + 16)..]));
                label = new DetectionLabel(boxes);
                break;
            default:
                throw new InvalidDataException($"The cached case input has label kind {kind}; known: 0 mask, 1 class, 2 boxes.");
        }
        if (at != bytes.Length) throw new InvalidDataException($"The cached case input has {bytes.Length - at} bytes after its label.");
        return new CaseInput(image, label);
    }

    private static void Need(ReadOnlySpan<byte> bytes, int at, long length, string what)
    {
        if (bytes.Length - at < length)
            throw new InvalidDataException($"The cached case input ends inside its {what} ({bytes.Length - at} of {length} bytes).");
    }
}
