using FedBus.Learning;
using FedBus.Learning.Cases;
using FedBus.Learning.Predictions;

namespace FedBus.AppHost.Experiments;

/// <summary>
/// FedBus.Learning's MC-dropout TriageScore (docs/learning.md): for segmentation the mean normalised predictive entropy
/// over all pixels. The inference service's combined score (with image-level out-of-distribution signals) replaces it
/// here once it is on main.
/// </summary>
internal sealed class McDropoutTriage(int passes, long seed) : ITriageScorer
{
    public string Name => $"MC-dropout TriageScore ({passes} passes)";

    public IReadOnlyList<double> Score(ITaskModel model, IReadOnlyList<ImageSlice> images) =>
        model.Predict(images, new PredictionOptions(McPasses: passes, Seed: seed, BatchSize: 8)).Select(p => p.Uncertainty.TriageScore).ToList();
}
