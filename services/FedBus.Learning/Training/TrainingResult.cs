namespace FedBus.Learning.Training;

/// <summary>What a training run did. The model holds the best weights (by validation score) when it returns.</summary>
/// <param name="InitialScore">Validation score before the first step (NaN without a validation pool).</param>
/// <param name="BestEpoch">Epoch whose weights were kept; 0 means no epoch beat the starting weights, which were kept.</param>
/// <param name="EpochsRun">Epochs run to their end (a diverged one does not count).</param>
/// <param name="Divergence">Set when the loss stopped being a number: training stopped there and kept the best weights before it.</param>
public sealed record TrainingResult(
    int EpochsRun,
    int BestEpoch,
    double InitialScore,
    double BestScore,
    string MetricName,
    int TrainCases,
    int ValidationCases,
    int Steps,
    bool StoppedEarly,
    IReadOnlyList<EpochProgress> History,
    TimeSpan Elapsed,
    TrainingDivergence? Divergence = null)
{
    public bool KeptInitialWeights => BestEpoch == 0;
}
