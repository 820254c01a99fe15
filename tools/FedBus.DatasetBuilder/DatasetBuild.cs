using System.Globalization;
using FedBus.BrainMri.Format;
using FedBus.BrainMri.Nifti;
using FedBus.DatasetBuilder.Labels;
using FedBus.DatasetBuilder.Output;
using FedBus.DatasetBuilder.Slicing;

namespace FedBus.DatasetBuilder;

/// <summary>
/// The whole derivation: read the four NIfTI volumes, check the 0.5 mm grid lands on the 1 mm grid,
/// cut every 1 mm plane of three views into 128×128 slices, keep slices that show brain, label them
/// from the atlas and pack the planes. Pure function of the inputs: no clock, no randomness.
/// </summary>
public static class DatasetBuild
{
    public const int Size = 128;
    public const double FieldOfViewMm = 216;
    /// <summary>1% of the slice: below that a slice is a sliver of cortex and says little.</summary>
    public const int MinBrainPixels = Size * Size / 100;
    /// <summary>Every 5th kept position of each view (ordinal % 5 == 2) is held out for testing.</summary>
    public const int TestEvery = 5;
    public const int TestPhase = 2;
    // The fine source is seen through a thicker, smoother slice profile: 3×3 samples per pixel × 3 through 1.5 mm.
    private const int FootprintSub = 3;
    private const int FootprintSlab = 3;
    private const double FootprintThicknessMm = 1.5;

    public static readonly string[] Views = ["axial", "coronal", "sagittal"];
    public static readonly string[] Sources = ["ch2", "ch2better"];

    public sealed record Built(DatasetManifest Manifest, IReadOnlyDictionary<string, byte[]> Files, IReadOnlyList<byte[]> Images, IReadOnlyList<byte[]> HiResImages, IReadOnlyList<byte[]> Masks, IReadOnlyList<byte[]> Atlas);

    public static Built Run(BuildOptions options, Action<string> log)
    {
        string In(string name) => Path.Combine(options.SourceDir, name);
        var files = new[] { "ch2.nii.gz", "ch2bet.nii.gz", "ch2better.nii.gz", "aal.nii.gz" };
        foreach (var f in files.Append("aal.nii.txt"))
            if (!File.Exists(In(f)))
                throw new FileNotFoundException($"input missing: {In(f)} (expected the mricron-data templates there).", In(f));

        log("reading NIfTI volumes ...");
        var ch2 = NiftiReader.Read(In("ch2.nii.gz"));
        var bet = NiftiReader.Read(In("ch2bet.nii.gz"));
        var better = NiftiReader.Read(In("ch2better.nii.gz"));
        var aal = NiftiReader.Read(In("aal.nii.gz"));
        foreach (var (name, v) in new[] { ("ch2bet", bet), ("aal", aal) })
            if (v.Nx != ch2.Nx || v.Ny != ch2.Ny || v.Nz != ch2.Nz || v.VoxelToWorld.ToString() != ch2.VoxelToWorld.ToString())
                throw new InvalidDataException($"{name} is not on ch2's grid ({v.Nx}×{v.Ny}×{v.Nz}, {v.VoxelToWorld} vs {ch2.VoxelToWorld}).");
        var table = AtlasTable.Read(In("aal.nii.txt"));
        var labeler = new SliceLabeler(table);

        log("checking that ch2better (0.5 mm) aligns with ch2bet (1 mm) through the header transforms ...");
        var align = AlignmentCheck.Run(bet, better, ch2);
        foreach (var row in align.Table)
            log("  " + row);
        log(string.Create(CultureInfo.InvariantCulture,
            $"  best correlation at shift {align.BestShiftMm} mm; ch2 ≈ {align.Gain:0.000}·ch2better + {align.Offset:0.00} over {align.VoxelsCompared} brain voxels"));
        if (Math.Abs(align.BestShiftMm.X) > 0.5 || Math.Abs(align.BestShiftMm.Y) > 0.5 || Math.Abs(align.BestShiftMm.Z) > 0.5 || align.DiceAtZero < 0.9)
            throw new InvalidDataException($"ch2better does not align with ch2bet: Dice {align.DiceAtZero:0.000} at zero shift, best correlation at {align.BestShiftMm} mm.");

        var betMask = new NiftiVolume(bet.Nx, bet.Ny, bet.Nz, bet.Values.Select(v => v > 0 ? 1f : 0f).ToArray(), bet.VoxelToWorld, bet.TransformSource, bet.Datatype, bet.VoxelSize);
        var (cx, cy, cz) = Center(ch2);
        var geometry = new ViewGeometry(Size, FieldOfViewMm, cx, cy, cz);
        var sampler = new SliceSampler(geometry);

        // Candidate positions: every plane of the 1 mm grid along each view's normal.
        var candidates = new List<(string View, int Index, double Mm)>();
        foreach (var view in Views)
        {
            int n = view switch { "axial" => ch2.Nz, "coronal" => ch2.Ny, _ => ch2.Nx };
            for (int idx = 0; idx < n; idx++)
            {
                var (x, y, z) = view switch
                {
                    "axial" => ch2.VoxelToWorld.ToWorld(0, 0, idx),
                    "coronal" => ch2.VoxelToWorld.ToWorld(0, idx, 0),
                    _ => ch2.VoxelToWorld.ToWorld(idx, 0, 0),
                };
                candidates.Add((view, idx, view switch { "axial" => z, "coronal" => y, _ => x }));
            }
        }

        log($"slicing {candidates.Count} candidate planes (3 views) ...");
        var masks = new byte[candidates.Count][];
        Parallel.For(0, candidates.Count, n => masks[n] = sampler.Mask(betMask, candidates[n].View, candidates[n].Mm));
        var kept = Enumerable.Range(0, candidates.Count).Where(n => masks[n].Count(b => b != 0) >= MinBrainPixels).ToList();
        log($"  {kept.Count} planes show at least {MinBrainPixels} brain pixels");

        var images = new byte[kept.Count][];
        var hires = new byte[kept.Count][];
        var atlas = new byte[kept.Count][];
        int done = 0;
        Parallel.For(0, kept.Count, m =>
        {
            var (view, _, mm) = candidates[kept[m]];
            atlas[m] = sampler.NearestLabels(aal, view, mm);
            var coarse = sampler.Trilinear(ch2, view, mm);
            images[m] = Quantise(coarse, _ => 1, v => v, coarse);
            var (fineMean, support) = sampler.Footprint(better, view, mm, FootprintSub, FootprintThicknessMm, FootprintSlab);
            // Brain from the fine scan mapped onto ch2's intensity scale; skull and scalp (absent
            // from ch2better) from ch2, blended by how much of the footprint the fine brain covers.
            hires[m] = Quantise(fineMean, i => support[i], v => align.Gain * v + align.Offset, coarse);
            int d = Interlocked.Increment(ref done);
            if (d % 100 == 0)
                log($"  {d}/{kept.Count} slices resampled");
        });

        var slices = new List<SliceRecord>();
        var keptMasks = new List<byte[]>();
        foreach (var view in Views)
        {
            int ordinal = 0;
            for (int m = 0; m < kept.Count; m++)
            {
                var (v, idx, mm) = candidates[kept[m]];
                if (v != view)
                    continue;
                var mask = masks[kept[m]];
                slices.Add(new SliceRecord(view, idx, mm, ordinal % TestEvery == TestPhase,
                    labeler.ClassOf(atlas[m]), mask.Count(b => b != 0), labeler.BoxesOf(atlas[m], Size)));
                keptMasks.Add(mask);
                ordinal++;
            }
        }
        // kept is already ordered by view then index (candidates were), so planes and records line up.

        var packed = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        var fileRecords = new List<PlaneFileRecord>();
        void Pack(string name, string kind, string? source, IReadOnlyList<byte[]> planes, (string Name, IReadOnlyList<byte[]> Planes)? delta = null)
        {
            var (gz, sha) = DatasetWriter.PackPlanes(planes, delta?.Planes);
            packed[name] = gz;
            fileRecords.Add(new PlaneFileRecord(name, kind, source, delta is null ? PlaneFileRecord.Raw : PlaneFileRecord.DeltaPrefix + delta.Value.Name, planes.Count, sha));
        }
        Pack("masks.u8.gz", "mask", null, keptMasks);
        Pack("atlas.u8.gz", "atlas", null, atlas);
        Pack("images-ch2.u8.gz", "image", "ch2", images);
        Pack("images-ch2better.delta.gz", "image", "ch2better", hires, ("images-ch2.u8.gz", images));

        var inputs = files.Select(f => (f, v: f switch { "ch2.nii.gz" => ch2, "ch2bet.nii.gz" => bet, "ch2better.nii.gz" => better, _ => aal }))
            .Select(t => new InputFileRecord(t.f, DatasetWriter.Sha256Hex(File.ReadAllBytes(In(t.f))), [t.v.Nx, t.v.Ny, t.v.Nz],
                [t.v.VoxelSize.X, t.v.VoxelSize.Y, t.v.VoxelSize.Z], t.v.Datatype.ToString(), t.v.TransformSource))
            .Append(new InputFileRecord("aal.nii.txt", DatasetWriter.Sha256Hex(File.ReadAllBytes(In("aal.nii.txt"))), [], [], "text", "none"))
            .ToList();

        var manifest = new DatasetManifest(
            DatasetManifest.CurrentFormat,
            new GeometryRecord(Size, FieldOfViewMm, geometry.PixelMm, [cx, cy, cz],
                "RAS world (MNI); axial and coronal: column increases with x (towards subject right), so image left = subject left (neurological); " +
                "axial: row increases towards posterior; coronal and sagittal: row increases towards inferior; sagittal: column increases towards posterior"),
            Sources,
            SliceLabeler.ClassNames,
            SliceLabeler.DetectionClassNames,
            table.Names.Select(kv => new AtlasLabelRecord(kv.Key, kv.Value)).ToList(),
            fileRecords,
            slices,
            new ProvenanceRecord(
                "MRIcron templates by Chris Rorden (Colin27 'ch2', ch2bet, ch2better, AAL atlas), via Debian's mricron-data 1.2.20211006",
                "BSD-3-clause (see README.md and COPYRIGHT.mricron-data)",
                "dotnet run --project tools/FedBus.DatasetBuilder -c Release -- --source <mricron-data dir> --out data/brain-mri",
                inputs,
                new AlignmentRecord(Math.Round(align.DiceAtZero, 6), Math.Round(align.CorrelationAtZero, 6), Math.Round(align.BestCorrelation, 6),
                    [align.BestShiftMm.X, align.BestShiftMm.Y, align.BestShiftMm.Z], Math.Round(align.Gain, 6), Math.Round(align.Offset, 6)),
                [
                    $"images: ch2 trilinear at pixel centres; ch2better mean of {FootprintSub}x{FootprintSub}x{FootprintSlab} samples per pixel over a {FootprintThicknessMm} mm slab, brain only, mapped to ch2 intensities and blended over ch2 by footprint support",
                    "mask: trilinear interpolation of (ch2bet > 0) at pixel centres, >= 0.5",
                    "atlas: nearest AAL voxel at pixel centres",
                    $"kept: planes with >= {MinBrainPixels} mask pixels; test: kept ordinal within view % {TestEvery} == {TestPhase}",
                    $"class: deep nuclei (caudate/putamen/pallidum/thalamus) and cerebellum (Cerebelum_*, Vermis_*) each present when >= {SliceLabeler.MinClassPixels} atlas pixels",
                    $"boxes: per structure and side, >= {SliceLabeler.MinBoxPixels} atlas pixels; cerebellum one box; X1/Y1 exclusive",
                ]));
        var all = new Dictionary<string, byte[]>(packed, StringComparer.Ordinal) { ["manifest.json"] = DatasetWriter.ManifestBytes(manifest) };
        return new Built(manifest, all, images, hires, keptMasks, atlas);
    }

    private static (double, double, double) Center(NiftiVolume v)
    {
        var (x0, y0, z0) = v.VoxelToWorld.ToWorld(0, 0, 0);
        var (x1, y1, z1) = v.VoxelToWorld.ToWorld(v.Nx - 1, v.Ny - 1, v.Nz - 1);
        return ((x0 + x1) / 2, (y0 + y1) / 2, (z0 + z1) / 2);
    }

    /// <summary>Blend weight·map(value) + (1 − weight)·fallback, rounded to 0..255.</summary>
    private static byte[] Quantise(float[] values, Func<int, float> weight, Func<double, double> map, float[] fallback)
    {
        var result = new byte[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            double w = weight(i);
            double v = w * map(values[i]) + (1 - w) * fallback[i];
            result[i] = (byte)Math.Clamp(Math.Round(v, MidpointRounding.AwayFromZero), 0, 255);
        }
        return result;
    }
}
