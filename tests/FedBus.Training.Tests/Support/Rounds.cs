using System.Security.Cryptography;
using FedBus.Contracts;
using FedBus.Learning;
using FedBus.Learning.Training;
using FedBus.Learning.Weights;
using TaskKind = FedBus.Contracts.TaskKind;

namespace FedBus.Training.Tests.Support;

/// <summary>Hub messages as the aggregator would send them, with real weight files of the tiny test architecture.</summary>
public static class Rounds
{
    public static RoundSettings Settings(int localEpochs = 4, bool keepNormalizationLocal = false, double proximalMu = 0, double newCaseWeight = 1) =>
        new(AggregationStrategy.FedAvg, [], localEpochs, proximalMu, keepNormalizationLocal, newCaseWeight, 1,
            TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(10), null, null);

    /// <summary>An untrained model of the test architecture (seeded) as a safetensors file.</summary>
    public static byte[] InitialWeights(long seed = 7)
    {
        TorchRuntime.Initialize(2);
        using var model = ModelSpec.Parse(TrainingHost.Architecture).CreateModel(seed);
        return File(model.ExportWeights());
    }

    /// <summary>A model of the test architecture trained here on phantoms (not the site's cases), as a safetensors file.</summary>
    public static byte[] TrainedWeights(int epochs = 15)
    {
        TorchRuntime.Initialize(2);
        using var model = ModelSpec.Parse(TrainingHost.Architecture).CreateModel(11);
        new Trainer(new TrainingOptions { MaxEpochs = epochs, Patience = epochs, BatchSize = 4, ValidationFraction = 0, Augmentation = AugmentationOptions.None })
            .Train(model, Phantoms.Cases(1000, 24));
        return File(model.ExportWeights());
    }

    public static byte[] File(WeightSet weights) => SafeTensors.ToBytes(weights, new WeightMetadata(TrainingHost.Architecture, "1", "", "test"));

    public static ModelWeights Inline(byte[] file) => new(Convert.ToHexStringLower(SHA256.HashData(file)), file.LongLength, file);

    public static TrainingRoundStarted Started(Guid roundId, byte[] baseWeights, RoundSettings settings, TimeSpan? deadline = null, IReadOnlyList<string>? invited = null) =>
        new(Guid.NewGuid(), DateTimeOffset.UtcNow, roundId, 1, TrainingHost.ModelId, TrainingHost.Architecture, TaskKind.Segmentation,
            new LabelSchema(1, ["background", "lesion"]), 1, Inline(baseWeights), settings, DateTimeOffset.UtcNow + (deadline ?? TimeSpan.FromMinutes(10)),
            invited ?? [TrainingHost.SiteId]);
}
