using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using FedBus.BrainMri.Format;

namespace FedBus.BrainMri;

/// <summary>
/// The committed multi-site brain MRI benchmark (data/brain-mri): 128×128 slices of one real T1
/// subject in three views from two sources, each with a brain mask (segmentation), a slice class
/// (classification) and atlas boxes (detection). Every 5th position of each view is held out as the
/// test split; the rest is dealt out to sites, each seeing its slices through its own scanner profile.
/// </summary>
public sealed class BrainMriDataset
{
    /// <summary>Slices are Size×Size pixels.</summary>
    public const int Size = 128;

    public const int PixelCount = Size * Size;

    private static readonly Lazy<BrainMriDataset> SharedInstance = new(() => Load(), LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly Dictionary<string, BrainSlice> _byCaseId;

    private BrainMriDataset(string root, DatasetManifest manifest, IReadOnlyList<BrainSlice> slices)
    {
        Root = root;
        Manifest = manifest;
        Slices = slices;
        _byCaseId = slices.ToDictionary(s => s.CaseId, StringComparer.Ordinal);
        AtlasLabels = manifest.AtlasLabels.ToDictionary(l => l.Value, l => l.Name);
    }

    /// <summary>
    /// The dataset <see cref="DatasetLocator.Locate(string?)"/> finds without an explicit path, loaded once per process
    /// (slices are shared: do not mutate them). A host that takes the folder as a setting calls <see cref="Load"/> instead.
    /// </summary>
    public static BrainMriDataset Shared => SharedInstance.Value;

    public string Root { get; }

    public DatasetManifest Manifest { get; }

    /// <summary>Every slice position from every source, clean, in manifest order (source-major).</summary>
    public IReadOnlyList<BrainSlice> Slices { get; }

    /// <summary>Slice classes, index = <see cref="BrainSlice.ClassLabel"/>.</summary>
    public IReadOnlyList<string> ClassNames => Manifest.ClassNames;

    /// <summary>Detection classes, index = <see cref="BoundingBox.ClassId"/>.</summary>
    public IReadOnlyList<string> DetectionClassNames => Manifest.DetectionClassNames;

    /// <summary>AAL region names by atlas value (see <see cref="BrainSlice.Atlas"/>).</summary>
    public IReadOnlyDictionary<int, string> AtlasLabels { get; }

    /// <summary>Pixel edge in mm (square pixels, same in every view).</summary>
    public double PixelMm => Manifest.Geometry.PixelMm;

    /// <summary>
    /// Reads the dataset from <paramref name="root"/> (an explicit folder: a missing or wrong one is an error) or,
    /// if null, from where <see cref="DatasetLocator.Locate(string?)"/> finds it.
    /// </summary>
    public static BrainMriDataset Load(string? root = null)
    {
        root = DatasetLocator.Locate(root);
        var manifestPath = Path.Combine(root, DatasetLocator.ManifestName);

        DatasetManifest manifest;
        try
        {
            manifest = JsonSerializer.Deserialize(File.ReadAllBytes(manifestPath), ManifestJsonContext.Default.DatasetManifest)
                ?? throw new InvalidDataException($"{manifestPath} is empty.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{manifestPath} is not a valid manifest: {e.Message}", e);
        }
        Validate(manifest, manifestPath);

        int count = manifest.Slices.Count;
        // Raw files first (in parallel), then the delta files that need them as a base.
        var decoded = new System.Collections.Concurrent.ConcurrentDictionary<string, byte[]>(StringComparer.Ordinal);
        Unwrapped(() => Parallel.ForEach(manifest.Files.Where(f => f.Encoding == PlaneFileRecord.Raw), f => decoded[f.Name] = ReadPlanes(root, f, count, decoded)));
        Unwrapped(() => Parallel.ForEach(manifest.Files.Where(f => f.Encoding != PlaneFileRecord.Raw), f => decoded[f.Name] = ReadPlanes(root, f, count, decoded)));

        byte[] masks = decoded[manifest.Files.Single(f => f.Kind == "mask").Name];
        byte[] atlas = decoded[manifest.Files.Single(f => f.Kind == "atlas").Name];
        var slices = new BrainSlice[count * manifest.Sources.Count];
        for (int si = 0; si < manifest.Sources.Count; si++)
        {
            string sourceName = manifest.Sources[si];
            var source = ParseSource(sourceName);
            byte[] images = decoded[manifest.Files.Single(f => f.Kind == "image" && f.Source == sourceName).Name];
            int offset = si * count;
            Parallel.For(0, count, n =>
            {
                var rec = manifest.Slices[n];
                var image = new float[PixelCount];
                var src = images.AsSpan(n * PixelCount, PixelCount);
                for (int i = 0; i < PixelCount; i++)
                    image[i] = src[i] * (1f / 255f);
                string position = $"{rec.View}/{rec.Index:D3}";
                slices[offset + n] = new BrainSlice(
                    $"{sourceName}/{position}", position, source, ParseView(rec.View), rec.Index, rec.PositionMm, rec.Test,
                    image, masks.AsSpan(n * PixelCount, PixelCount).ToArray(), atlas.AsSpan(n * PixelCount, PixelCount).ToArray(),
                    rec.ClassLabel, rec.Boxes.Select(b => new BoundingBox(b.X0, b.Y0, b.X1, b.Y1, b.ClassId)).ToArray(),
                    ScannerProfiles.Clean.Name);
            });
        }
        return new BrainMriDataset(root, manifest, slices);
    }

    /// <summary>The slice with this case id (e.g. "ch2/axial/087").</summary>
    public BrainSlice Get(string caseId) =>
        _byCaseId.TryGetValue(caseId, out var s) ? s : throw new KeyNotFoundException($"no slice with case id '{caseId}'.");

    /// <summary>All non-test positions of one source, clean: centralised training data.</summary>
    public IReadOnlyList<BrainSlice> TrainSplit(SliceSource source = SliceSource.Ch2, IReadOnlyCollection<SliceView>? views = null) =>
        Slices.Where(s => !s.IsTest && s.Source == source && (views is null || views.Contains(s.View))).ToList();

    /// <summary>The held-out positions of one source, clean.</summary>
    public IReadOnlyList<BrainSlice> TestSplit(SliceSource source = SliceSource.Ch2, IReadOnlyCollection<SliceView>? views = null) =>
        Slices.Where(s => s.IsTest && s.Source == source && (views is null || views.Contains(s.View))).ToList();

    /// <summary>The held-out positions seen through <paramref name="shift"/> (from the profile's source).</summary>
    public IReadOnlyList<BrainSlice> TestSplit(ScannerProfile shift, int seed = 0, IReadOnlyCollection<SliceView>? views = null)
    {
        ArgumentNullException.ThrowIfNull(shift);
        return Render(TestSplit(shift.Source, views), shift, seed);
    }

    /// <summary>The held-out positions under a named profile, e.g. "strong" (see <see cref="ScannerProfiles.Named"/>).</summary>
    public IReadOnlyList<BrainSlice> TestSplit(string shiftName, int seed = 0, IReadOnlyCollection<SliceView>? views = null) =>
        TestSplit(ScannerProfiles.Named(shiftName), seed, views);

    /// <summary>
    /// Deals the training positions out to <paramref name="n"/> sites with Dirichlet(<paramref name="alpha"/>)
    /// class mixes (seeded) and renders each site's slices through its scanner profile
    /// (<paramref name="profiles"/>, or <see cref="ScannerProfiles.ForSites"/>). Each position goes to
    /// exactly one site; no test position goes to any.
    /// </summary>
    public IReadOnlyList<SitePool> Sites(int n, double alpha, int seed, IReadOnlyList<ScannerProfile>? profiles = null, IReadOnlyCollection<SliceView>? views = null)
    {
        profiles ??= ScannerProfiles.ForSites(n, seed);
        if (profiles.Count != n)
            throw new ArgumentException($"{profiles.Count} scanner profiles given for {n} sites.", nameof(profiles));
        var positions = Slices.Where(s => !s.IsTest && s.Source == SliceSource.Ch2 && (views is null || views.Contains(s.View))).ToList();
        if (positions.Count == 0)
            throw new ArgumentException("no training slices in the selected views.", nameof(views));
        var parts = DirichletPartitioner.Partition(positions.Select(p => p.ClassLabel).ToList(), n, alpha, seed);
        var pools = new SitePool[n];
        for (int k = 0; k < n; k++)
        {
            var profile = profiles[k];
            var clean = parts[k].Select(i => Get(CaseIdOf(profile.Source, positions[i].PositionKey))).ToList();
            pools[k] = new SitePool(k, $"site-{k}", profile, Render(clean, profile, seed));
        }
        return pools;
    }

    /// <summary>Renders clean slices through a profile in parallel (per-slice seeds keep it deterministic).</summary>
    public static IReadOnlyList<BrainSlice> Render(IReadOnlyList<BrainSlice> clean, ScannerProfile profile, int seed)
    {
        ArgumentNullException.ThrowIfNull(clean);
        ArgumentNullException.ThrowIfNull(profile);
        if (profile.IsIdentity && profile.Name == ScannerProfiles.Clean.Name)
            return clean;
        var result = new BrainSlice[clean.Count];
        Unwrapped(() => Parallel.For(0, clean.Count, i => result[i] = profile.Apply(clean[i], seed)));
        return result;
    }

    /// <summary>
    /// A multi-class label map of the slice: 0 = none, k + 1 = <paramref name="groups"/>[k]
    /// (default <see cref="AtlasGroup.Lobes"/>). A region matching several groups takes the first.
    /// </summary>
    public byte[] RegionMap(BrainSlice slice, IReadOnlyList<AtlasGroup>? groups = null)
    {
        ArgumentNullException.ThrowIfNull(slice);
        groups ??= AtlasGroup.Lobes;
        if (groups.Count is 0 or > 254)
            throw new ArgumentOutOfRangeException(nameof(groups), groups.Count, "between 1 and 254 groups are supported.");
        var lookup = new byte[256];
        foreach (var (value, name) in AtlasLabels)
        {
            for (int g = 0; g < groups.Count; g++)
                if (groups[g].NamePrefixes.Any(p => name.StartsWith(p, StringComparison.Ordinal)))
                {
                    lookup[value] = (byte)(g + 1);
                    break;
                }
        }
        var map = new byte[slice.Atlas.Length];
        for (int i = 0; i < map.Length; i++)
            map[i] = lookup[slice.Atlas[i]];
        return map;
    }

    /// <summary>Runs parallel work and surfaces its first failure as itself, not as an AggregateException.</summary>
    private static void Unwrapped(Action parallelWork)
    {
        try
        {
            parallelWork();
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
        }
    }

    private static string CaseIdOf(SliceSource source, string positionKey) => $"{SourceName(source)}/{positionKey}";

    private static string SourceName(SliceSource source) => source switch
    {
        SliceSource.Ch2 => "ch2",
        SliceSource.Ch2Better => "ch2better",
        _ => throw new ArgumentOutOfRangeException(nameof(source), source, "unknown source"),
    };

    private static SliceSource ParseSource(string name) => name switch
    {
        "ch2" => SliceSource.Ch2,
        "ch2better" => SliceSource.Ch2Better,
        _ => throw new InvalidDataException($"manifest names an unknown source '{name}'."),
    };

    private static SliceView ParseView(string name) => name switch
    {
        "axial" => SliceView.Axial,
        "coronal" => SliceView.Coronal,
        "sagittal" => SliceView.Sagittal,
        _ => throw new InvalidDataException($"manifest names an unknown view '{name}'."),
    };

    private static void Validate(DatasetManifest m, string path)
    {
        if (m.Format != DatasetManifest.CurrentFormat)
            throw new InvalidDataException($"{path} has format '{m.Format}'; this loader reads '{DatasetManifest.CurrentFormat}'.");
        if (m.Geometry is null || m.Geometry.Size != Size)
            throw new InvalidDataException($"{path}: slice size {m.Geometry?.Size} is not {Size}.");
        if (m.Slices is null || m.Slices.Count == 0 || m.Files is null || m.Sources is null || m.ClassNames is null || m.DetectionClassNames is null || m.AtlasLabels is null)
            throw new InvalidDataException($"{path}: slices, files, sources or label names are missing.");
        // Plain names only: the loader reads nothing outside the dataset folder.
        foreach (var f in m.Files)
            if (string.IsNullOrEmpty(f.Name) || f.Name != Path.GetFileName(f.Name) || f.Name is "." or "..")
                throw new InvalidDataException($"{path}: file name '{f.Name}' is not a plain file name inside the dataset folder.");
        if (m.Files.Count(f => f.Kind == "mask") != 1 || m.Files.Count(f => f.Kind == "atlas") != 1)
            throw new InvalidDataException($"{path}: needs exactly one mask file and one atlas file.");
        foreach (var s in m.Sources)
            if (m.Files.Count(f => f.Kind == "image" && f.Source == s) != 1)
                throw new InvalidDataException($"{path}: needs exactly one image file for source '{s}'.");
        for (int n = 0; n < m.Slices.Count; n++)
        {
            var s = m.Slices[n];
            if (s.ClassLabel < 0 || s.ClassLabel >= m.ClassNames.Count)
                throw new InvalidDataException($"{path}: slice {n} has class {s.ClassLabel}, outside 0..{m.ClassNames.Count - 1}.");
            foreach (var b in s.Boxes ?? throw new InvalidDataException($"{path}: slice {n} has no box list."))
                if (b.X0 < 0 || b.Y0 < 0 || b.X1 > Size || b.Y1 > Size || b.X0 >= b.X1 || b.Y0 >= b.Y1 || b.ClassId < 0 || b.ClassId >= m.DetectionClassNames.Count)
                    throw new InvalidDataException($"{path}: slice {n} has an invalid box {b}.");
        }
    }

    private static byte[] ReadPlanes(string root, PlaneFileRecord file, int count, IReadOnlyDictionary<string, byte[]> decoded)
    {
        var path = Path.Combine(root, file.Name);
        if (!File.Exists(path))
            throw new FileNotFoundException($"dataset file missing: {path}", path);
        if (file.Planes != count)
            throw new InvalidDataException($"{path} declares {file.Planes} planes but the manifest has {count} slices.");
        var bytes = new byte[(long)count * PixelCount];
        int read = 0;
        try
        {
            using var gz = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
            int r;
            while (read < bytes.Length && (r = gz.Read(bytes, read, bytes.Length - read)) > 0)
                read += r;
            if (read != bytes.Length || gz.ReadByte() != -1)
                throw new InvalidDataException($"{path} does not hold exactly {count} planes of {Size}×{Size} bytes.");
        }
        catch (InvalidDataException e) when (!e.Message.StartsWith(path, StringComparison.Ordinal))
        {
            throw new InvalidDataException($"{path} is not a valid gzip file: {e.Message}", e);
        }

        if (file.Encoding.StartsWith(PlaneFileRecord.DeltaPrefix, StringComparison.Ordinal))
        {
            var baseName = file.Encoding[PlaneFileRecord.DeltaPrefix.Length..];
            if (!decoded.TryGetValue(baseName, out var basePlanes))
                throw new InvalidDataException($"{path} is a delta of '{baseName}', which is not a raw file of the dataset.");
            for (int i = 0; i < bytes.Length; i++)
                bytes[i] = unchecked((byte)(bytes[i] + basePlanes[i]));
        }
        else if (file.Encoding != PlaneFileRecord.Raw)
        {
            throw new InvalidDataException($"{path} has unknown encoding '{file.Encoding}'.");
        }

        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        if (!string.Equals(sha, file.Sha256, StringComparison.OrdinalIgnoreCase))
            throw new InvalidDataException($"{path} is corrupt: SHA-256 of its planes is {sha}, the manifest says {file.Sha256}.");
        return bytes;
    }
}
