using System.Security.Cryptography;
using FedBus.BrainMri;
using FedBus.BrainMri.Cases;
using FedBus.Contracts;
using FedBus.Imaging.Geometry;
using FedBus.Imaging.Labels;
using FedBus.Learning;
using FedBus.Learning.Cases;
using FedBus.Learning.Profiles;
using FedBus.Learning.Training;
using FedBus.Learning.Weights;
using TaskKind = FedBus.Contracts.TaskKind;

namespace FedBus.Inference.Tests.Support;

/// <summary>
/// Models trained once for the whole test assembly (64², a few epochs): the brain-level classifier of the brain MRI
/// benchmark with its training profile and triage combiner, and a tiny untrained U-Net with a profile (the service
/// tests need a segmentation model, not a good one).
/// </summary>
public sealed class TrainedModels
{
    public const int Size = 64;
    public const string ClassifierId = "brain-level";
    public const string SegmenterId = "brain-extraction";

    public TrainedModels()
    {
        TorchRuntime.Initialize(2);
        var ds = BrainMriDataset.Shared;
        Train = ds.TrainSplit().Select(s => Case(s, s.Image)).ToList();
        ClassifierSpec = new ClassifierSpec(Classes: ds.ClassNames.Count);
        using (var classifier = ClassifierSpec.CreateModel(1))
        {
            var options = new TrainingOptions { Seed = 1, MaxEpochs = 4, Patience = 4 };
            new Trainer(options).Train(classifier, Train);
            var (_, validation) = CaseSplit.Partition(Train, options.ValidationFraction);
            ClassifierProfile = TrainingProfile.Build(classifier, Train, validation, new ProfileOptions(ShiftsPerCase: 3));
            ClassifierWeights = ClassifierProfile.AddTo(classifier.ExportWeights());
        }
        ClassifierLabels = new LabelSchema(1, ds.ClassNames.ToList());

        SegmenterSpec = new UNetSpec(Width: 4);
        using var segmenter = SegmenterSpec.CreateModel(2);
        var segmentationCases = ds.TrainSplit().Take(24).Select(s => new LabeledCase(s.CaseId, Case(s, s.Image).Image, SegmentationLabelOf(s))).ToList();
        SegmenterWeights = TrainingProfile.Build(segmenter, segmentationCases).AddTo(segmenter.ExportWeights());
    }

    public IReadOnlyList<LabeledCase> Train { get; }
    public ClassifierSpec ClassifierSpec { get; }
    public TrainingProfile ClassifierProfile { get; }
    public WeightSet ClassifierWeights { get; }
    public LabelSchema ClassifierLabels { get; }
    public UNetSpec SegmenterSpec { get; }
    public WeightSet SegmenterWeights { get; }

    public static Letterbox Letterbox { get; } = new(BrainMriDataset.Size, BrainMriDataset.Size, Size);

    /// <summary>A slice's classification case at 64² with <paramref name="image"/> (128²) as its pixels.</summary>
    public static LabeledCase Case(BrainSlice slice, float[] image) =>
        new(slice.CaseId, new ImageSlice(Size, Size, Letterbox.ImageToModel(image, 0)), BrainMriCases.ForClassification(slice).Label);

    public GlobalModelPublished ClassifierPublication(int version, long publication, bool rollback = false) =>
        Publication(ClassifierId, ClassifierSpec.ArchitectureId, TaskKind.Classification, ClassifierLabels, ClassifierWeights, version, publication, rollback);

    public GlobalModelPublished SegmenterPublication(int version, long publication) =>
        Publication(SegmenterId, SegmenterSpec.ArchitectureId, TaskKind.Segmentation, new LabelSchema(1, ["background", "brain"]), SegmenterWeights, version, publication, false);

    public static GlobalModelPublished Publication(string modelId, string architectureId, TaskKind task, LabelSchema labels, WeightSet weights,
        int version, long publication, bool rollback)
    {
        var file = SafeTensors.ToBytes(weights, new WeightMetadata(architectureId, version.ToString(System.Globalization.CultureInfo.InvariantCulture), "round-test", "test"));
        return new GlobalModelPublished(Guid.NewGuid(), DateTimeOffset.UtcNow, modelId, architectureId, task, labels, version, publication,
            version > 1 ? [version - 1] : [], null, new ModelWeights(Convert.ToHexStringLower(SHA256.HashData(file)), file.Length, file), [], rollback);
    }

    private static SegmentationLabel SegmentationLabelOf(BrainSlice s) =>
        new(Letterbox.MaskToModel(new MaskLabel(BrainMriDataset.Size, BrainMriDataset.Size, s.BrainMask)));
}
