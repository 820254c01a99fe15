using FedBus.Learning;
using FedBus.Learning.Cases;
using FedBus.Learning.Predictions;
using FedBus.Learning.Profiles;
using FedBus.Learning.Training;
using FedBus.Learning.Weights;

namespace FedBus.AppHost.Demo;

/// <summary>
/// Version 1 as a federation would import it: the founding site's briefly trained weights with their training profile
/// and triage combiner (fitted on the founding set's validation split) under <c>profile.</c>, as one safetensors file —
/// what the demo imports into the hub's registry.
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
}
