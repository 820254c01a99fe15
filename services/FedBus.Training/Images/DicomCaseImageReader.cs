using FedBus.Contracts;
using FedBus.Imaging.Input;
using FedBus.Learning.Imaging;
using FedBus.ServiceDefaults.Instances;
using FedBus.Training.Dataset;

namespace FedBus.Training.Images;

/// <summary>
/// Reads an accepted case's instance through the site's instance source (blob store or WADO-RS, as inference does) and
/// decodes its frame with inference's own InstanceDecoder and ModelInput, so a case trains on exactly the input the
/// model was given when it made the prediction the radiologist corrected.
/// </summary>
public sealed class DicomCaseImageReader(IInstanceSource instances) : ICaseImageReader
{
    public async Task<byte[]> ReadInstanceAsync(ImageRef image, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(image);
        try
        {
            await using var stream = await instances.OpenAsync(
                new InstanceLocation(image.StudyInstanceUid, image.SeriesInstanceUid, image.SopInstanceUid, image.InstanceBlobSha256), cancellationToken);
            using var copy = new MemoryStream();
            await stream.CopyToAsync(copy, cancellationToken);
            return copy.ToArray();
        }
        catch (InstanceNotFoundException)
        {
            throw new CaseProblemException(CaseProblemCodes.InstanceUnavailable, "The site's instance source does not have the case's instance.");
        }
    }

    public CaseImage Decode(ReadOnlyMemory<byte> part10, int frameNumber, int size)
    {
        using var instance = InstanceDecoder.Open(part10);
        if (instance.Skip is { } skip) throw new CaseProblemException(skip.Code, skip.Message);
        if (frameNumber < 1 || frameNumber > instance.NumberOfFrames)
            throw new CaseProblemException(CaseProblemCodes.NoSuchFrame, $"Frame {frameNumber} is not a frame of an instance with {instance.NumberOfFrames}.");
        var (frame, frameSkip) = instance.ReadFrame(frameNumber - 1);
        if (frame is null) throw new CaseProblemException(frameSkip!.Code, frameSkip.Message);
        var input = ModelInput.From(frame, size);
        return new CaseImage(input.Image, input.Geometry);
    }
}
