using FedBus.Contracts;
using FedBus.Imaging.Labels;

namespace FedBus.AnnotationRequest.Tests.Support;

/// <summary>Labels as a desk would send them.</summary>
public static class Labels
{
    public static byte[] MaskPng(int rows, int columns, byte fill = 1) =>
        LabelCodec.Encode(new MaskLabel(rows, columns, Enumerable.Repeat(fill, rows * columns).ToArray())).Bytes;

    public static MaskLabel Mask(int rows, int columns, byte fill = 1) =>
        new(rows, columns, Enumerable.Range(0, rows * columns).Select(i => i % columns < columns / 2 ? (byte)0 : fill).ToArray());

    public static string MediaTypeOf(TaskKind kind) => kind switch
    {
        TaskKind.Segmentation => LabelMediaTypes.MaskPng,
        TaskKind.Classification => LabelMediaTypes.ClassJson,
        _ => LabelMediaTypes.BoxesJson,
    };
}
