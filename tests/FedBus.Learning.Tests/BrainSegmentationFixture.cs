using System.Diagnostics;
using FedBus.BrainMri;
using FedBus.Learning.Cases;
using FedBus.Learning.Tests.Support;
using FedBus.Learning.Training;
using FedBus.Learning.Weights;

namespace FedBus.Learning.Tests;

/// <summary>
/// One centralised U-Net trained once on the benchmark's training positions (ch2, clean, all views,
/// 64²) and shared by the benchmark tests: it is both the "centralised" result and the round-1 model
/// that the retraining test starts from.
/// </summary>
public sealed class BrainSegmentationFixture : IDisposable
{
    public static readonly TrainingOptions Options = new() { Seed = 1, MaxEpochs = 12, Patience = 4, BatchSize = 8 };

    public BrainSegmentationFixture()
    {
        Torch.Init();
        var ds = BrainData.Dataset;
        Train = BrainData.Segmentation(ds.TrainSplit());
        Test = BrainData.Segmentation(ds.TestSplit());
        Model = Spec.CreateModel(seed: 1);
        UntrainedDice = Model.Evaluate(Test);
        var clock = Stopwatch.StartNew();
        Result = new Trainer(Options).Train(Model, Train);
        TrainingTime = clock.Elapsed;
        Dice = Model.Evaluate(Test);
        RoundOneWeights = Model.ExportWeights();
    }

    public static UNetSpec Spec { get; } = new();

    public IReadOnlyList<LabeledCase> Train { get; }
    public IReadOnlyList<LabeledCase> Test { get; }
    public ITaskModel Model { get; }
    public WeightSet RoundOneWeights { get; }
    public TrainingResult Result { get; }
    public TimeSpan TrainingTime { get; }
    public double UntrainedDice { get; }
    public double Dice { get; }

    public void Dispose() => Model.Dispose();
}
