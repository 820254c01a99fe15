namespace FedBus.Imaging.Input;

/// <summary>What <see cref="InstanceDecoder"/> made of one instance: the frames a model can read and the rest with reasons.</summary>
public sealed record DecodedInstance(string? Modality, int Rows, int Columns, int NumberOfFrames, IReadOnlyList<GrayscaleFrame> Frames, IReadOnlyList<InputSkip> Skips);
