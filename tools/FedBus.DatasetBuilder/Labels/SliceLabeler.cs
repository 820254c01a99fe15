using FedBus.BrainMri.Format;

namespace FedBus.DatasetBuilder.Labels;

/// <summary>
/// Derives the slice-level class and the detection boxes of one slice from its atlas label map.
/// Class: which of two landmark groups the slice cuts — deep grey nuclei (caudate, putamen,
/// pallidum, thalamus) and the cerebellum (hemispheres + vermis) — each counted only when at least
/// <see cref="MinClassPixels"/> pixels show it, so a stray atlas voxel does not decide the class.
/// Boxes: one per (structure, side) with at least <see cref="MinBoxPixels"/> pixels; the cerebellum
/// is one box (the vermis joins both halves on the midline).
/// </summary>
public sealed class SliceLabeler
{
    public const int MinClassPixels = 20;
    public const int MinBoxPixels = 8;

    public static readonly string[] ClassNames =
    [
        "cerebrum_only",          // 0: cortex/white matter, neither landmark
        "deep_nuclei",            // 1: basal ganglia/thalamus level, no cerebellum
        "cerebellum",             // 2: posterior fossa, no deep nuclei
        "deep_nuclei_and_cerebellum", // 3: both (mid-sagittal, posterior coronal)
    ];

    public static readonly string[] DetectionClassNames = ["cerebellum", "thalamus", "basal_ganglia"];

    private readonly AtlasTable _atlas;
    private readonly bool[] _deep = new bool[256];
    private readonly bool[] _cerebellum = new bool[256];
    private readonly int[] _detectionClass = Enumerable.Repeat(-1, 256).ToArray();
    private readonly int[] _side = new int[256]; // -1 left, +1 right, 0 midline/none

    public SliceLabeler(AtlasTable atlas)
    {
        _atlas = atlas;
        var cerebellum = atlas.ValuesWithPrefix("Cerebelum_", "Vermis_");
        var thalamus = atlas.ValuesWithPrefix("Thalamus_");
        var basalGanglia = atlas.ValuesWithPrefix("Caudate_", "Putamen_", "Pallidum_");
        if (cerebellum.Count != 26 || thalamus.Count != 2 || basalGanglia.Count != 6)
            throw new InvalidDataException(
                $"the AAL table does not have the expected regions (cerebellum+vermis {cerebellum.Count}/26, thalamus {thalamus.Count}/2, caudate+putamen+pallidum {basalGanglia.Count}/6).");
        foreach (var v in cerebellum) { _cerebellum[v] = true; _detectionClass[v] = 0; }
        foreach (var v in thalamus) { _deep[v] = true; _detectionClass[v] = 1; }
        foreach (var v in basalGanglia) { _deep[v] = true; _detectionClass[v] = 2; }
        for (int v = 1; v < 256; v++)
            _side[v] = atlas.IsLeft(v) ? -1 : atlas.IsRight(v) ? 1 : 0;
    }

    public AtlasTable Atlas => _atlas;

    public int ClassOf(byte[] atlasPlane)
    {
        int deep = 0, cereb = 0;
        foreach (var v in atlasPlane)
        {
            if (_deep[v]) deep++;
            else if (_cerebellum[v]) cereb++;
        }
        bool d = deep >= MinClassPixels, c = cereb >= MinClassPixels;
        return (d, c) switch
        {
            (false, false) => 0,
            (true, false) => 1,
            (false, true) => 2,
            _ => 3,
        };
    }

    public List<BoxRecord> BoxesOf(byte[] atlasPlane, int size)
    {
        // Key: class*3 + side(0 left,1 mid,2 right); the cerebellum ignores side.
        var minX = new int[9]; var minY = new int[9]; var maxX = new int[9]; var maxY = new int[9]; var count = new int[9];
        Array.Fill(minX, int.MaxValue); Array.Fill(minY, int.MaxValue); Array.Fill(maxX, -1); Array.Fill(maxY, -1);
        for (int r = 0; r < size; r++)
            for (int c = 0; c < size; c++)
            {
                int v = atlasPlane[r * size + c];
                int cls = _detectionClass[v];
                if (cls < 0)
                    continue;
                int key = cls == 0 ? 0 : cls * 3 + _side[v] + 1;
                count[key]++;
                minX[key] = Math.Min(minX[key], c); maxX[key] = Math.Max(maxX[key], c);
                minY[key] = Math.Min(minY[key], r); maxY[key] = Math.Max(maxY[key], r);
            }
        var boxes = new List<BoxRecord>();
        for (int key = 0; key < 9; key++)
        {
            if (count[key] < MinBoxPixels)
                continue;
            int cls = key == 0 ? 0 : key / 3;
            string side = key == 0 ? "both" : (key % 3) switch { 0 => "left", 2 => "right", _ => "midline" };
            boxes.Add(new BoxRecord(minX[key], minY[key], maxX[key] + 1, maxY[key] + 1, cls, side, count[key]));
        }
        return boxes;
    }
}
