using FedBus.BrainMri;
using FedBus.Contracts;
using FedBus.Imaging.Labels;
using FedBus.Inference.Tests.Support;
using FedBus.Learning;
using FedBus.Learning.Cases;
using FedBus.Learning.Profiles;
using TaskKind = FedBus.Contracts.TaskKind;

namespace FedBus.Loop.Tests;

/// <summary>
/// The hub's version-1 model of the brain-extraction task: a small U-Net (64² input) with the training profile its
/// out-of-distribution signals need, published with inline weights. The loop needs a model that runs, not a good one.
/// </summary>
public static class SegmentationModel
{
    public static readonly LabelSchema Labels = new(1, ["background", "brain"]);

    /// <summary>Needs <see cref="TorchRuntime.Initialize"/> first (the caller's thread count).</summary>
    public static GlobalModelPublished Version1(string modelId)
    {
        var spec = new UNetSpec(Width: 4);
        using var model = spec.CreateModel(2);
        var cases = BrainMriDataset.Shared.TrainSplit().Take(12).Select(s => new LabeledCase(s.CaseId,
            TrainedModels.Case(s, s.Image).Image,
            new SegmentationLabel(TrainedModels.Letterbox.MaskToModel(new MaskLabel(BrainMriDataset.Size, BrainMriDataset.Size, s.BrainMask))))).ToList();
        var weights = TrainingProfile.Build(model, cases).AddTo(model.ExportWeights());
        return TrainedModels.Publication(modelId, spec.ArchitectureId, TaskKind.Segmentation, Labels, weights, version: 1, publication: 1, rollback: false);
    }
}
