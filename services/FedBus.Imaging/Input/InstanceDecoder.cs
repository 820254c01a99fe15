using FedBus.Dicom;
using FedBus.Dicom.Imaging;

namespace FedBus.Imaging.Input;

/// <summary>
/// Turns a stored DICOM instance into grayscale frames a model can read, or says why not — never throws for what the
/// bytes contain (a foreign study must not crash the service or loop through retries). Grayscale only (MONOCHROME1
/// inverted, MONOCHROME2 as is), single- or multi-frame, native or compressed (RLE in managed code; JPEG, JPEG-LS and
/// JPEG 2000 through FedBus.Dicom's GDCM worker process, so a corrupt frame costs a worker restart, not the service).
/// </summary>
public static class InstanceDecoder
{
    /// <summary>Parses <paramref name="part10"/> (kept, not copied: leave it unchanged while the result is used).</summary>
    public static OpenedInstance Open(ReadOnlyMemory<byte> part10)
    {
        DicomFile file;
        try
        {
            file = DicomFile.Parse(part10);
        }
        catch (DicomException e)
        {
            return new OpenedInstance(null, null, null, new InputSkip(null, InputSkipCodes.UnreadableInstance, $"The instance is not readable DICOM: {e.Message}"));
        }
        string? modality;
        try
        {
            modality = file.Dataset.GetString(DicomTag.Modality)?.Trim();
        }
        catch (DicomException)
        {
            modality = null;
        }
        if (!file.Dataset.Contains(DicomTag.PixelData))
            return new OpenedInstance(file, null, modality, new InputSkip(null, InputSkipCodes.NoPixelData,
                "The instance has no pixel data (e.g. a plan, a report or a presentation state)."));
        DicomPixelData pixels;
        try
        {
            pixels = DicomPixelData.FromFile(file);
        }
        catch (DicomException e)
        {
            return new OpenedInstance(file, null, modality, new InputSkip(null, InputSkipCodes.InvalidPixelData, $"The image module is not usable: {e.Message}"));
        }
        var photometric = pixels.PhotometricInterpretation.Trim().ToUpperInvariant();
        if (pixels.SamplesPerPixel != 1 || photometric is not ("MONOCHROME1" or "MONOCHROME2"))
            return new OpenedInstance(file, pixels, modality, new InputSkip(null, InputSkipCodes.Colour,
                $"The image is {photometric} with {pixels.SamplesPerPixel} sample(s) per pixel; the models read grayscale (MONOCHROME1/2) only."));
        return new OpenedInstance(file, pixels, modality, null);
    }

    /// <summary>Every frame at once (up to <paramref name="maxFrames"/>), with the reasons for the rest: for tests and small instances.</summary>
    public static DecodedInstance Decode(ReadOnlyMemory<byte> part10, int maxFrames = 512)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxFrames);
        using var instance = Open(part10);
        if (instance.Skip is { } skip) return new DecodedInstance(instance.Modality, instance.Rows, instance.Columns, 0, [], [skip]);
        var frames = new List<GrayscaleFrame>();
        var skips = new List<InputSkip>();
        var count = Math.Min(instance.NumberOfFrames, maxFrames);
        for (var f = 0; f < count; f++)
        {
            var (frame, frameSkip) = instance.ReadFrame(f);
            if (frame is not null) frames.Add(frame);
            if (frameSkip is not null) skips.Add(frameSkip);
        }
        if (instance.NumberOfFrames > count) skips.Add(TooManyFrames(instance.NumberOfFrames, maxFrames));
        return new DecodedInstance(instance.Modality, instance.Rows, instance.Columns, instance.NumberOfFrames, frames, skips);
    }

    public static InputSkip TooManyFrames(int frames, int limit) => new(null, InputSkipCodes.TooManyFrames,
        $"The instance has {frames} frames; frames {limit + 1}–{frames} were not read (limit {limit}).");
}
