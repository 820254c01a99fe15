using FedBus.Dicom;
using FedBus.Dicom.Imaging;

namespace FedBus.Imaging.Input;

/// <summary>
/// A parsed instance whose frames are decoded one at a time (a 500-frame series never sits decoded in memory at
/// once). <see cref="Skip"/> is set when no frame can be read at all; <see cref="ReadFrame"/> returns a frame or the
/// reason it cannot be read. Holds the parsed file: dispose it.
/// </summary>
public sealed class OpenedInstance : IDisposable
{
    private readonly DicomFile? file;
    private readonly DicomPixelData? pixels;
    private readonly bool invert;

    internal OpenedInstance(DicomFile? file, DicomPixelData? pixels, string? modality, InputSkip? skip)
    {
        this.file = file;
        this.pixels = skip is null ? pixels : null;
        Modality = modality;
        Skip = skip;
        Rows = pixels?.Rows ?? 0;
        Columns = pixels?.Columns ?? 0;
        NumberOfFrames = skip is null ? pixels?.NumberOfFrames ?? 0 : 0;
        invert = pixels is not null && pixels.PhotometricInterpretation.Trim().Equals("MONOCHROME1", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The instance's Modality (0008,0060), if readable.</summary>
    public string? Modality { get; }

    /// <summary>Why no frame of this instance can reach a model; null when frames can be read.</summary>
    public InputSkip? Skip { get; }

    public int Rows { get; }
    public int Columns { get; }

    /// <summary>Frames that <see cref="ReadFrame"/> can be asked for (0 when <see cref="Skip"/> is set).</summary>
    public int NumberOfFrames { get; }

    /// <summary>Frame <paramref name="frame"/> (0-based) as modality values, MONOCHROME1 inverted; or why not.</summary>
    public (GrayscaleFrame? Frame, InputSkip? Skip) ReadFrame(int frame)
    {
        if (pixels is null) throw new InvalidOperationException("This instance has no readable frames; see Skip.");
        ArgumentOutOfRangeException.ThrowIfNegative(frame);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(frame, NumberOfFrames);
        float[] values;
        try
        {
            values = pixels.GetModalityValues(frame);
        }
        catch (Exception e) when (e is DicomException or InvalidDataException or IndexOutOfRangeException or ArgumentException)
        {
            return (null, new InputSkip(frame, InputSkipCodes.UndecodableFrame, $"Frame {frame + 1} cannot be decoded: {e.Message}"));
        }
        float min = float.MaxValue, max = float.MinValue;
        foreach (var v in values)
        {
            if (!float.IsFinite(v))
                return (null, new InputSkip(frame, InputSkipCodes.UndecodableFrame, $"Frame {frame + 1} decodes to values that are not finite numbers."));
            if (v < min) min = v;
            if (v > max) max = v;
        }
        if (max <= min)
            return (null, new InputSkip(frame, InputSkipCodes.BlankFrame, $"Every pixel of frame {frame + 1} has the value {min}."));
        if (invert)
        {
            // MONOCHROME1 shows the minimum as white: mirror the range so that higher is brighter, as the models learnt.
            var sum = min + max;
            for (var i = 0; i < values.Length; i++) values[i] = sum - values[i];
        }
        return (new GrayscaleFrame(frame, Rows, Columns, values), null);
    }

    public void Dispose() => file?.Dispose();
}
