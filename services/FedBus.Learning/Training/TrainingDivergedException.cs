namespace FedBus.Learning.Training;

/// <summary>
/// Training diverged and there is no validation pool to say which earlier weights to keep. Seeded training does the same
/// again with the same cases and settings: trying again does not help.
/// </summary>
public sealed class TrainingDivergedException(TrainingDivergence divergence)
    : InvalidOperationException($"Training diverged: {divergence}.")
{
    public TrainingDivergence Divergence { get; } = divergence;
}
