using FedBus.BrainMri;
using FedBus.Imaging.Labels;
using FedBus.Learning;
using FedBus.Learning.Cases;

namespace FedBus.AppHost.Experiments;

/// <summary>
/// The committed brain MRI benchmark dealt out to the experiment's sites: training positions split non-IID by slice
/// class (Dirichlet), each site's slices and its copy of the held-out positions rendered through its own scanner
/// profile after down-sampling (so noise keeps its strength), labels for the chosen task.
/// </summary>
internal sealed class BenchmarkData
{
    private BenchmarkData(ExperimentSettings settings, ModelSpec spec, IReadOnlyList<string> classNames, IReadOnlyList<SiteData> sites)
    {
        Settings = settings;
        Spec = spec;
        ClassNames = classNames;
        Sites = sites;
    }

    public ExperimentSettings Settings { get; }

    public ModelSpec Spec { get; }

    /// <summary>Class id i means ClassNames[i] (segmentation: background, brain).</summary>
    public IReadOnlyList<string> ClassNames { get; }

    public IReadOnlyList<SiteData> Sites { get; }

    public int Classes => Spec.Classes;

    public static BenchmarkData Prepare(ExperimentSettings settings)
    {
        var dataset = BrainMriDataset.Load(settings.DataDirectory);
        var (spec, classNames) = settings.Task switch
        {
            ExperimentTask.Segmentation => ((ModelSpec)new UNetSpec(Classes: 2), (IReadOnlyList<string>)["background", "brain"]),
            ExperimentTask.Classification => (new ClassifierSpec(Classes: dataset.ClassNames.Count), dataset.ClassNames),
            ExperimentTask.Detection => (new CenterNetSpec(Classes: dataset.DetectionClassNames.Count), dataset.DetectionClassNames),
            _ => throw new ArgumentOutOfRangeException(nameof(settings), settings.Task, "unknown task"),
        };

        var train = Every(dataset.TrainSplit(), settings.PositionStride);
        var test = Every(dataset.TestSplit(), Math.Max(1, settings.PositionStride / 2));
        var parts = DirichletPartitioner.Partition(train.Select(s => s.ClassLabel).ToList(), settings.Sites, settings.Alpha, settings.Seed);
        var profiles = ScannerProfiles.ForSites(settings.Sites, settings.Seed);
        var sites = new SiteData[settings.Sites];
        for (int k = 0; k < settings.Sites; k++)
        {
            var profile = profiles[k];
            var cases = parts[k].Select(i => Render(dataset, train[i], profile, settings)).ToList();
            var heldOut = test.Select(s => Render(dataset, s, profile, settings)).Select(c => TaskLabels.Clean(c, spec.Classes)).ToList();
            sites[k] = new SiteData(k, $"site-{k}", profile.Name, cases, heldOut);
        }
        return new BenchmarkData(settings, spec, classNames, sites);
    }

    private static List<BrainSlice> Every(IReadOnlyList<BrainSlice> slices, int stride) =>
        slices.Where((_, i) => i % stride == 0).ToList();

    /// <summary>The position as the site's scanner shows it (from the profile's source), at the experiment's size.</summary>
    private static ExperimentCase Render(BrainMriDataset dataset, BrainSlice position, ScannerProfile profile, ExperimentSettings settings)
    {
        var source = profile.Source == SliceSource.Ch2 ? "ch2" : "ch2better";
        var slice = dataset.Get($"{source}/{position.PositionKey}");
        var (image, mask, boxes) = SliceResampler.Resample(slice, settings.Size);
        var id = $"{slice.CaseId}@{profile.Name}";
        if (!profile.IsIdentity)
            image = profile.Apply(image, settings.Size, settings.Size, DeterministicRandom.Derive(settings.Seed, profile.Name + "|" + slice.CaseId));
        ImageLabel truth = settings.Task switch
        {
            ExperimentTask.Segmentation => new MaskLabel(settings.Size, settings.Size, mask),
            ExperimentTask.Classification => new ClassIdLabel(slice.ClassLabel),
            _ => new BoxesLabel(boxes),
        };
        return new ExperimentCase(id, new ImageSlice(settings.Size, settings.Size, image), truth);
    }
}
