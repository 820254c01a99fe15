using FedBus.Contracts;
using FedBus.Imaging.Labels;

namespace FedBus.AnnotationRequest.Tests.Support;

/// <summary>Labels as a desk would send them.</summary>
public static class Labels
{
    public static byte[] MaskPng(int rows, int columns, byte fill = 1) =>
        LabelCodec.Encode(new MaskLabel(rows, columns, Enumerable.Repeat(fill, rows * columns).ToArray())).Bytes;

    /// <summary>
    /// <paramref name="png"/> grown to exactly <paramref name="length"/> bytes by a tEXt chunk before IEND: still the same
    /// mask to any PNG reader (ancillary chunks are skipped), so only its size differs.
    /// </summary>
    public static byte[] PaddedTo(byte[] png, int length)
    {
        var text = length - png.Length - 12;
        if (text < 8) throw new ArgumentOutOfRangeException(nameof(length), length, $"A tEXt chunk needs at least 20 bytes; the PNG is {png.Length}.");
        var chunk = new byte[12 + text];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(chunk, text);
        "tEXt"u8.CopyTo(chunk.AsSpan(4));
        "Comment\0"u8.CopyTo(chunk.AsSpan(8));
        chunk.AsSpan(16, text - 8).Fill((byte)'x');
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(8 + text), System.IO.Hashing.Crc32.HashToUInt32(chunk.AsSpan(4, 4 + text)));
        var iend = png.Length - 12;
        return [.. png.AsSpan(0, iend), .. chunk, .. png.AsSpan(iend)];
    }

    public static MaskLabel Mask(int rows, int columns, byte fill = 1) =>
        new(rows, columns, Enumerable.Range(0, rows * columns).Select(i => i % columns < columns / 2 ? (byte)0 : fill).ToArray());

    public static string MediaTypeOf(TaskKind kind) => kind switch
    {
        TaskKind.Segmentation => LabelMediaTypes.MaskPng,
        TaskKind.Classification => LabelMediaTypes.ClassJson,
        _ => LabelMediaTypes.BoxesJson,
    };
}
