namespace FedBus.Imaging.Input;

/// <summary>
/// One decoded grayscale frame (0-based <paramref name="Frame"/>) in modality values (Rescale Slope/Intercept applied),
/// MONOCHROME1 already inverted so that higher is always brighter; row-major <paramref name="Rows"/>×<paramref name="Columns"/>.
/// </summary>
public sealed record GrayscaleFrame(int Frame, int Rows, int Columns, float[] Pixels);
