using FedBus.Imaging.Geometry;
using FedBus.Imaging.Input;
using FedBus.Learning.Cases;

namespace FedBus.Learning.Imaging;

/// <summary>One frame as a model of input size <c>Geometry.Size</c> reads it, and the letterbox that maps back to the image.</summary>
public sealed record ModelInput(int Frame, ImageSlice Image, Letterbox Geometry)
{
    /// <summary>
    /// The frame letterboxed into <paramref name="size"/>² (area-averaged, centred, padded with the frame's minimum —
    /// its background). The model z-scores each image itself, so the modality's units need no further scaling.
    /// </summary>
    public static ModelInput From(GrayscaleFrame frame, int size)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var geometry = new Letterbox(frame.Rows, frame.Columns, size);
        var min = float.MaxValue;
        foreach (var v in frame.Pixels) min = Math.Min(min, v);
        return new ModelInput(frame.Frame, new ImageSlice(size, size, geometry.ImageToModel(frame.Pixels, min)), geometry);
    }
}
