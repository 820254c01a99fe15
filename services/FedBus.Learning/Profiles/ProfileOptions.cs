using FedBus.Learning.Predictions;

namespace FedBus.Learning.Profiles;

/// <summary>
/// How <see cref="TrainingProfile.Build"/> fits the triage combiner: each calibration case is scored clean and under
/// <see cref="ShiftsPerCase"/> random <see cref="Signals.CalibrationShift"/>s (from <see cref="Seed"/>), with the MC
/// settings inference uses (<see cref="Prediction"/>).
/// </summary>
public sealed record ProfileOptions(int ShiftsPerCase = 5, long Seed = 1, PredictionOptions? Prediction = null)
{
    public static ProfileOptions Default { get; } = new();

    public PredictionOptions EffectivePrediction => Prediction ?? new PredictionOptions(McPasses: 8, Seed: 0, BatchSize: 16);
}
