namespace FedBus.BrainMri.Tests;

public sealed class SliceLabelTests
{
    private const int N = BrainMriDataset.Size;

    private static BrainMriDataset Data => BrainMriDataset.Shared;

    [Theory]
    [InlineData(SliceSource.Ch2)]
    [InlineData(SliceSource.Ch2Better)]
    public void Brain_mask_covers_brighter_tissue_than_its_surroundings(SliceSource source)
    {
        // Inside: brain. Outside within a few pixels: CSF, skull, background — darker on T1.
        int brighter = 0, total = 0;
        foreach (var s in Data.Slices.Where(s => s.Source == source && s.BrainMask.Count(m => m == 1) > 1500))
        {
            var ring = Dilate(s.BrainMask, 4);
            double inside = 0, outside = 0;
            int ni = 0, no = 0;
            for (int i = 0; i < s.Image.Length; i++)
            {
                if (s.BrainMask[i] == 1) { inside += s.Image[i]; ni++; }
                else if (ring[i]) { outside += s.Image[i]; no++; }
            }
            total++;
            if (inside / ni > outside / no)
                brighter++;
        }
        Assert.True(total > 250, $"only {total} large slices");
        Assert.Equal(total, brighter);
    }

    [Fact]
    public void Brain_mask_is_aligned_with_the_image_not_shifted()
    {
        // The mask's mean image contrast against its ring drops when the mask is moved by 4 pixels.
        double Contrast(int dx, int dy)
        {
            double sum = 0;
            int count = 0;
            foreach (var s in Data.TestSplit())
            {
                var mask = Shift(s.BrainMask, dx, dy);
                var ring = Dilate(mask, 4);
                double inside = 0, outside = 0;
                int ni = 0, no = 0;
                for (int i = 0; i < s.Image.Length; i++)
                {
                    if (mask[i] == 1) { inside += s.Image[i]; ni++; }
                    else if (ring[i]) { outside += s.Image[i]; no++; }
                }
                if (ni > 0 && no > 0)
                {
                    sum += inside / ni - outside / no;
                    count++;
                }
            }
            return sum / count;
        }

        double aligned = Contrast(0, 0);
        foreach (var (dx, dy) in new[] { (4, 0), (-4, 0), (0, 4), (0, -4) })
            Assert.True(aligned > Contrast(dx, dy) + 0.02, $"shift ({dx},{dy}) scores {Contrast(dx, dy):0.000} vs aligned {aligned:0.000}");
    }

    [Fact]
    public void Boxes_lie_inside_the_image_and_tightly_around_their_atlas_region()
    {
        var regionClass = DetectionClassByAtlasValue();
        int boxes = 0;
        foreach (var s in Data.Slices.Where(s => s.Source == SliceSource.Ch2))
            foreach (var b in s.Boxes)
            {
                boxes++;
                Assert.InRange(b.X0, 0, N - 1);
                Assert.InRange(b.Y0, 0, N - 1);
                Assert.InRange(b.X1, b.X0 + 1, N);
                Assert.InRange(b.Y1, b.Y0 + 1, N);
                int inside = 0;
                bool top = false, bottom = false, left = false, right = false;
                for (int y = b.Y0; y < b.Y1; y++)
                    for (int x = b.X0; x < b.X1; x++)
                        if (regionClass[s.Atlas[y * N + x]] == b.ClassId)
                        {
                            inside++;
                            top |= y == b.Y0; bottom |= y == b.Y1 - 1; left |= x == b.X0; right |= x == b.X1 - 1;
                        }
                Assert.True(inside >= 8, $"{s.CaseId}: box {b} holds only {inside} pixels of {Data.DetectionClassNames[b.ClassId]}");
                Assert.True(top && bottom && left && right, $"{s.CaseId}: box {b} is not tight around its region");
            }
        Assert.True(boxes > 300, $"only {boxes} boxes");
    }

    [Fact]
    public void Every_region_pixel_is_inside_a_box_of_its_class_unless_the_region_is_a_speck()
    {
        var regionClass = DetectionClassByAtlasValue();
        foreach (var s in Data.Slices.Where(s => s.Source == SliceSource.Ch2))
        {
            var counts = new int[Data.DetectionClassNames.Count];
            var uncovered = new int[counts.Length];
            for (int y = 0; y < N; y++)
                for (int x = 0; x < N; x++)
                {
                    int c = regionClass[s.Atlas[y * N + x]];
                    if (c < 0)
                        continue;
                    counts[c]++;
                    if (!s.Boxes.Any(b => b.ClassId == c && b.Contains(x, y)))
                        uncovered[c]++;
                }
            for (int c = 0; c < counts.Length; c++)
            {
                // Only a side with fewer than 8 pixels may go without a box.
                Assert.True(uncovered[c] < 16, $"{s.CaseId}: {uncovered[c]} of {counts[c]} {Data.DetectionClassNames[c]} pixels outside every box");
                if (counts[c] == 0)
                    Assert.DoesNotContain(s.Boxes, b => b.ClassId == c);
            }
        }
    }

    [Fact]
    public void Slice_class_says_which_landmarks_the_atlas_shows()
    {
        var regionClass = DetectionClassByAtlasValue();
        foreach (var s in Data.Slices.Where(s => s.Source == SliceSource.Ch2))
        {
            int cerebellum = s.Atlas.Count(v => regionClass[v] == 0);
            int deep = s.Atlas.Count(v => regionClass[v] is 1 or 2);
            string name = Data.ClassNames[s.ClassLabel];
            Assert.Equal(name is "cerebellum" or "deep_nuclei_and_cerebellum", cerebellum >= 20);
            Assert.Equal(name is "deep_nuclei" or "deep_nuclei_and_cerebellum", deep >= 20);
        }
        // All four classes occur in training data.
        Assert.Equal(Data.ClassNames.Count, Data.TrainSplit().Select(s => s.ClassLabel).Distinct().Count());
    }

    /// <summary>Detection class of each AAL value, from the region names alone (-1 = none).</summary>
    private static int[] DetectionClassByAtlasValue()
    {
        var map = Enumerable.Repeat(-1, 256).ToArray();
        foreach (var (value, name) in Data.AtlasLabels)
            map[value] = name switch
            {
                _ when name.StartsWith("Cerebelum_", StringComparison.Ordinal) || name.StartsWith("Vermis_", StringComparison.Ordinal) => Data.DetectionClassNames.ToList().IndexOf("cerebellum"),
                _ when name.StartsWith("Thalamus_", StringComparison.Ordinal) => Data.DetectionClassNames.ToList().IndexOf("thalamus"),
                _ when name.StartsWith("Caudate_", StringComparison.Ordinal) || name.StartsWith("Putamen_", StringComparison.Ordinal) || name.StartsWith("Pallidum_", StringComparison.Ordinal)
                    => Data.DetectionClassNames.ToList().IndexOf("basal_ganglia"),
                _ => -1,
            };
        return map;
    }

    /// <summary>Square dilation, separable: rows then columns.</summary>
    private static bool[] Dilate(byte[] mask, int radius)
    {
        var rows = new bool[mask.Length];
        for (int y = 0; y < N; y++)
            for (int x = 0; x < N; x++)
                if (mask[y * N + x] != 0)
                    for (int xx = Math.Max(0, x - radius); xx <= Math.Min(N - 1, x + radius); xx++)
                        rows[y * N + xx] = true;
        var result = new bool[mask.Length];
        for (int y = 0; y < N; y++)
            for (int x = 0; x < N; x++)
                if (rows[y * N + x])
                    for (int yy = Math.Max(0, y - radius); yy <= Math.Min(N - 1, y + radius); yy++)
                        result[yy * N + x] = true;
        return result;
    }

    private static byte[] Shift(byte[] mask, int dx, int dy)
    {
        var result = new byte[mask.Length];
        for (int y = 0; y < N; y++)
            for (int x = 0; x < N; x++)
            {
                int sy = y - dy, sx = x - dx;
                if (sy >= 0 && sy < N && sx >= 0 && sx < N)
                    result[y * N + x] = mask[sy * N + sx];
            }
        return result;
    }
}
