namespace FedBus.Imaging.Input;

/// <summary>
/// What one task's model can take: modalities (an empty list or "*" takes any), the square input size it was trained at, the
/// smallest image side worth reading and the most frames per instance.
/// </summary>
public sealed record InputPolicy(IReadOnlyCollection<string> Modalities, int Size, int MinimumSide = 16, int MaxFrames = 512)
{
    public bool AllowsModality(string? modality) =>
        Modalities.Count == 0 || Modalities.Contains("*") || (modality is not null && Modalities.Any(m => string.Equals(m, modality.Trim(), StringComparison.OrdinalIgnoreCase)));

    /// <summary>Why an instance of <paramref name="modality"/> is not for this task, or null when it is.</summary>
    public InputSkip? CheckModality(string? modality) => AllowsModality(modality)
        ? null
        : new InputSkip(null, InputSkipCodes.WrongModality,
            $"The modality is {(string.IsNullOrWhiteSpace(modality) ? "not stated" : modality.Trim())}; this task's model reads {string.Join(", ", Modalities)} only.");

    /// <summary>Why an image of this size is not for this task, or null when it is.</summary>
    public InputSkip? CheckSize(int rows, int columns) => rows >= MinimumSide && columns >= MinimumSide
        ? null
        : new InputSkip(null, InputSkipCodes.TooSmall, $"The image is {rows}×{columns}; this task needs at least {MinimumSide} rows and columns.");
}
