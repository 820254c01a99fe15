using System.Globalization;
using FedBus.AppHost.Experiments;
using FedBus.BrainMri;
using FedBus.Imaging.Labels;
using FedBus.Learning;
using FedBus.Learning.Cases;

namespace FedBus.AppHost.Demo;

/// <summary>
/// The committed brain MRI benchmark dealt out to the demo's hospitals. Training positions are shuffled over the sites
/// (the scanner is what differs between them); each site's slices are rendered at the benchmark's 128² through its
/// scanner profile and grouped into studies of neighbouring slices, sent in waves. Site 0 is the founding site: its
/// first labelled slices train version 1 and are never sent. The held-out positions are rendered through every site's
/// scanner the same way and down-sampled to the model's input, as inference sees them.
/// </summary>
internal sealed class DemoData
{
    private DemoData(ModelSpec spec, IReadOnlyList<string> classNames, IReadOnlyList<DemoSite> sites, IReadOnlyList<LabeledCase> founding)
    {
        Spec = spec;
        ClassNames = classNames;
        Sites = sites;
        Founding = founding;
        Truth = sites.SelectMany(s => s.Waves).SelectMany(w => w).SelectMany(st => st.Images)
            .ToDictionary(i => i.SopInstanceUid, StringComparer.Ordinal);
    }

    public ModelSpec Spec { get; }

    public IReadOnlyList<string> ClassNames { get; }

    public IReadOnlyList<DemoSite> Sites { get; }

    /// <summary>The founding site's small labelled set that version 1 is trained on.</summary>
    public IReadOnlyList<LabeledCase> Founding { get; }

    /// <summary>Every sent image by SOP Instance UID: what the radiologist simulator "sees" on the screen.</summary>
    public IReadOnlyDictionary<string, DemoImage> Truth { get; }

    public static string SiteId(int index) => "site-" + (char)('a' + index);

    public static DemoData Prepare(DemoSettings settings)
    {
        var dataset = BrainMriDataset.Load(settings.DataDirectory);
        var (spec, classNames) = settings.Task switch
        {
            ExperimentTask.Segmentation => ((ModelSpec)new UNetSpec(Classes: 2), (IReadOnlyList<string>)["background", "brain"]),
            ExperimentTask.Classification => (new ClassifierSpec(Classes: dataset.ClassNames.Count), dataset.ClassNames),
            ExperimentTask.Detection => (new CenterNetSpec(Classes: dataset.DetectionClassNames.Count), dataset.DetectionClassNames),
            _ => throw new ArgumentOutOfRangeException(nameof(settings), settings.Task, "unknown task"),
        };
        var profiles = ScannerProfiles.ForSites(settings.Sites, settings.Seed);

        // Deal the training positions round-robin after a seeded shuffle.
        var train = dataset.TrainSplit().ToList();
        var shuffle = new Random(settings.Seed);
        for (int i = train.Count - 1; i > 0; i--)
        {
            int j = shuffle.Next(i + 1);
            (train[i], train[j]) = (train[j], train[i]);
        }
        var perSite = Enumerable.Range(0, settings.Sites).Select(k => train.Where((_, i) => i % settings.Sites == k).ToList()).ToList();

        var founding = perSite[0].Take(settings.FoundingCases).ToList();
        perSite[0] = perSite[0].Skip(settings.FoundingCases).ToList();
        var foundingCases = founding.Select(s => Case(dataset, s, profiles[0], settings, spec.Classes)).ToList();

        var test = dataset.TestSplit().Where((_, i) => i % settings.HeldOutStride == 0).ToList();
        var sites = new List<DemoSite>(settings.Sites);
        for (int k = 0; k < settings.Sites; k++)
        {
            var profile = profiles[k];
            var id = SiteId(k);
            var needed = settings.Waves * settings.StudiesPerWave * settings.SlicesPerStudy;
            if (perSite[k].Count < needed)
                throw new Cli.UsageException($"{id} has {perSite[k].Count} benchmark slices but {settings.Waves} waves × {settings.StudiesPerWave} studies × " +
                    $"{settings.SlicesPerStudy} slices need {needed}: use fewer sites, rounds or studies.");
            // Neighbouring positions of one view make a series, as a scanner acquires them.
            var ordered = perSite[k].Take(needed).OrderBy(s => s.View).ThenBy(s => s.SliceIndex).ToList();
            var studies = ordered.Chunk(settings.SlicesPerStudy).Select((chunk, n) => Study(dataset, id, n, chunk, profile, settings)).ToList();
            // Waves mix the views: study n goes to wave n mod W.
            var waves = Enumerable.Range(0, settings.Waves)
                .Select(w => (IReadOnlyList<DemoStudy>)studies.Where((_, n) => n % settings.Waves == w).ToList()).ToList();
            var heldOut = test.Select(s => Case(dataset, s, profile, settings, spec.Classes)).ToList();
            sites.Add(new DemoSite(k, id, profile.Name, waves, heldOut, k == settings.BadSiteIndex));
        }
        return new DemoData(spec, classNames, sites, foundingCases);
    }

    private static DemoStudy Study(BrainMriDataset dataset, string siteId, int n, BrainSlice[] positions, ScannerProfile profile, DemoSettings settings)
    {
        var key = string.Create(CultureInfo.InvariantCulture, $"{siteId}/study-{n}");
        var images = positions.Select((p, i) =>
        {
            var slice = Shifted(dataset, p, profile, settings);
            ImageLabel truth = settings.Task switch
            {
                ExperimentTask.Segmentation => new MaskLabel(BrainMriDataset.Size, BrainMriDataset.Size, slice.BrainMask),
                ExperimentTask.Classification => new ClassIdLabel(slice.ClassLabel),
                _ => new BoxesLabel(slice.Boxes.Select(b => new LabelBox(b.X0, b.Y0, b.X1, b.Y1, b.ClassId)).ToArray()),
            };
            return new DemoImage(DemoUids.For(settings.Seed, $"{key}/{i}"), i + 1, BrainMriDataset.Size, BrainMriDataset.Size, slice.Image, truth, p.PositionKey);
        }).ToList();
        return new DemoStudy(DemoUids.For(settings.Seed, key), DemoUids.For(settings.Seed, key + "/series"),
            string.Create(CultureInfo.InvariantCulture, $"DEMO-{siteId}-{n:D4}"), string.Create(CultureInfo.InvariantCulture, $"A{settings.Seed}{n:D5}"), images);
    }

    /// <summary>The position from the profile's source, through the scanner at the full 128² (what the PACS stores).</summary>
    private static BrainSlice Shifted(BrainMriDataset dataset, BrainSlice position, ScannerProfile profile, DemoSettings settings)
    {
        var source = profile.Source == SliceSource.Ch2 ? "ch2" : "ch2better";
        var slice = dataset.Get($"{source}/{position.PositionKey}");
        if (profile.IsIdentity) return slice;
        var image = profile.Apply(slice.Image, BrainMriDataset.Size, BrainMriDataset.Size, DeterministicRandom.Derive(settings.Seed, profile.Name + "|" + slice.CaseId));
        return slice with { Image = image, Shift = profile.Name };
    }

    /// <summary>A labelled case at the model's input size, as inference sees the stored image.</summary>
    private static LabeledCase Case(BrainMriDataset dataset, BrainSlice position, ScannerProfile profile, DemoSettings settings, int classes)
    {
        var slice = Shifted(dataset, position, profile, settings);
        var (image, mask, boxes) = SliceResampler.Resample(slice, settings.InputSize);
        ImageLabel truth = settings.Task switch
        {
            ExperimentTask.Segmentation => new MaskLabel(settings.InputSize, settings.InputSize, mask),
            ExperimentTask.Classification => new ClassIdLabel(slice.ClassLabel),
            _ => new BoxesLabel(boxes),
        };
        var c = new ExperimentCase($"{slice.CaseId}@{profile.Name}", new ImageSlice(settings.InputSize, settings.InputSize, image), truth);
        return TaskLabels.Clean(c, classes);
    }
}
