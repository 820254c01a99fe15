using FedBus.Learning;
using FedBus.Learning.Cases;

namespace FedBus.AppHost.Experiments;

/// <summary>How doubtful the model is about each image (higher = label it first).</summary>
internal interface ITriageScorer
{
    string Name { get; }

    IReadOnlyList<double> Score(ITaskModel model, IReadOnlyList<ImageSlice> images);
}
