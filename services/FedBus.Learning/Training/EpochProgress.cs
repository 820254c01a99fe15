namespace FedBus.Learning.Training;

/// <summary>Reported after every epoch.</summary>
/// <param name="ValidationScore">Early-stopping score on the validation pool (null without one).</param>
/// <param name="ValidationMetric">The task's metric on the validation pool (Dice, accuracy or mAP@0.5).</param>
public sealed record EpochProgress(
    int Epoch,
    int MaxEpochs,
    double TrainLoss,
    double? ValidationScore,
    double? ValidationMetric,
    string MetricName,
    bool Improved,
    TimeSpan Elapsed);
