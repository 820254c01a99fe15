namespace FedBus.Training.Dataset;

/// <summary>The case's decoded model input (image and label at <paramref name="Size"/>², see CaseInputCodec), cached as a blob.</summary>
public sealed record CaseInputRef(int Size, string BlobSha256);
