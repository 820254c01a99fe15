using System.Security.Cryptography;
using FedBus.Contracts;
using FedBus.Learning;
using FedBus.Learning.Cases;
using FedBus.Learning.Predictions;
using FedBus.Learning.Profiles;
using FedBus.Learning.Training;
using FedBus.Learning.Weights;

namespace FedBus.AppHost.Demo;

/// <summary>
/// Version 1 as a federation would import it: the founding site's briefly trained weights with their training profile
/// and triage combiner (fitted on the founding set's validation split) under <c>profile.</c>, as one safetensors file,
/// announced by <see cref="GlobalModelPublished"/> with the file inline.
/// </summary>
internal static class VersionOne
{
    public static byte[] WeightFile(ModelSpec spec, WeightSet weights, IReadOnlyList<LabeledCase> founding, int seed, int mcPasses, int shiftsPerCase)
    {
        using var model = spec.CreateModel(0);
        model.ImportWeights(weights);
        var (train, validation) = CaseSplit.Partition(founding, 0.25);
        var profile = TrainingProfile.Build(model, train.Count > 0 ? train : founding, validation.Count > 1 ? validation : founding,
            new ProfileOptions(shiftsPerCase, seed, new PredictionOptions(McPasses: mcPasses)));
        return SafeTensors.ToBytes(profile.AddTo(weights), new WeightMetadata(spec.ArchitectureId, "1", "", "fedbus-demo"));
    }

    public static GlobalModelPublished Publication(DemoTaskConfig task, ModelSpec spec, IReadOnlyList<string> classNames, byte[] file, double heldOut, string metric)
    {
        var sha = Convert.ToHexStringLower(SHA256.HashData(file));
        return new GlobalModelPublished(
            Guid.NewGuid(), DateTimeOffset.UtcNow, task.ModelId, spec.ArchitectureId, Enum.Parse<Contracts.TaskKind>(task.Kind), new LabelSchema(1, classNames),
            ModelVersion: 1, Publication: 1, ParentVersions: [], RoundId: null, new ModelWeights(sha, file.Length, file),
            ValidationMetrics: [new MetricValue($"held-out-{metric}", heldOut)], IsRollback: false);
    }
}
