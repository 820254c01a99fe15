using FedBus.Contracts;

namespace FedBus.Training.Images;

/// <summary>
/// Where training gets a case's pixels: the stored instance of an accepted case, and its frame as model input — the
/// same instance source and the same DICOM → model-input code as inference, so a case trains on exactly what
/// inference saw.
/// </summary>
public interface ICaseImageReader
{
    /// <summary>The instance's Part 10 bytes; throws <see cref="CaseProblemException"/> when the source has no such instance.</summary>
    Task<byte[]> ReadInstanceAsync(ImageRef image, CancellationToken cancellationToken);

    /// <summary>
    /// Frame <paramref name="frameNumber"/> (1-based) letterboxed to <paramref name="size"/>²; throws
    /// <see cref="CaseProblemException"/> with the decoder's skip code when the frame cannot be a model input.
    /// </summary>
    CaseImage Decode(ReadOnlyMemory<byte> part10, int frameNumber, int size);
}
