using System.IO.Compression;

namespace FedBus.BrainMri.Tests;

public sealed class BrainMriDatasetLoadingTests
{
    private static BrainMriDataset Data => BrainMriDataset.Shared;

    [Fact]
    public void Finds_the_committed_dataset_by_walking_up_from_the_test_binaries()
    {
        var root = DatasetLocator.Locate();

        Assert.True(File.Exists(Path.Combine(root, "manifest.json")));
        Assert.EndsWith(Path.Combine("data", "brain-mri"), root.TrimEnd(Path.DirectorySeparatorChar), StringComparison.Ordinal);
    }

    [Fact]
    public void Reads_every_position_from_both_sources_with_images_in_unit_range()
    {
        int positions = Data.Manifest.Slices.Count;

        Assert.True(positions > 300, $"only {positions} positions");
        Assert.Equal(2 * positions, Data.Slices.Count);
        Assert.Equal(positions, Data.Slices.Count(s => s.Source == SliceSource.Ch2));
        Assert.Equal(positions, Data.Slices.Count(s => s.Source == SliceSource.Ch2Better));
        Assert.Equal(Data.Slices.Count, Data.Slices.Select(s => s.CaseId).Distinct().Count());
        foreach (var s in Data.Slices)
        {
            Assert.Equal(BrainMriDataset.PixelCount, s.Image.Length);
            Assert.Equal(BrainMriDataset.PixelCount, s.BrainMask.Length);
            Assert.Equal(BrainMriDataset.PixelCount, s.Atlas.Length);
            Assert.All(s.Image, v => Assert.InRange(v, 0f, 1f));
            Assert.All(s.BrainMask, m => Assert.True(m <= 1));
            Assert.InRange(s.ClassLabel, 0, Data.ClassNames.Count - 1);
            Assert.Equal("clean", s.Shift);
        }
        Assert.All(Enum.GetValues<SliceView>(), v => Assert.Contains(Data.Slices, s => s.View == v));
    }

    [Fact]
    public void Both_sources_show_the_same_head_but_not_identical_pixels()
    {
        double differenceInside = 0;
        int inside = 0;
        foreach (var a in Data.Slices.Where(s => s.Source == SliceSource.Ch2))
        {
            var b = Data.Get("ch2better/" + a.PositionKey);
            Assert.Equal(a.Boxes, b.Boxes);
            Assert.Equal(a.BrainMask, b.BrainMask);
            Assert.Equal(a.ClassLabel, b.ClassLabel);
            for (int i = 0; i < BrainMriDataset.PixelCount; i++)
                if (a.BrainMask[i] == 1)
                {
                    differenceInside += Math.Abs(a.Image[i] - b.Image[i]);
                    inside++;
                }
        }
        double mean = differenceInside / inside;
        // Same anatomy (small mean difference) from a different acquisition (not zero).
        Assert.InRange(mean, 0.002, 0.05);
    }

    [Fact]
    public void Test_split_holds_out_every_fifth_position_of_each_view()
    {
        foreach (var view in Enum.GetValues<SliceView>())
        {
            var all = Data.Slices.Where(s => s.Source == SliceSource.Ch2 && s.View == view).OrderBy(s => s.SliceIndex).ToList();
            var test = Data.TestSplit(SliceSource.Ch2, [view]);
            var train = Data.TrainSplit(SliceSource.Ch2, [view]);

            Assert.Equal(all.Count, test.Count + train.Count);
            Assert.Equal((all.Count + 2) / 5, test.Count);
            Assert.Empty(test.Select(s => s.PositionKey).Intersect(train.Select(s => s.PositionKey)));
            Assert.All(test, s => Assert.True(s.IsTest));
        }
    }

    [Fact]
    public void Loading_a_folder_without_a_manifest_names_the_folder()
    {
        var empty = Directory.CreateTempSubdirectory("brain-mri-empty").FullName;
        try
        {
            var e = Assert.Throws<FileNotFoundException>(() => BrainMriDataset.Load(empty));
            Assert.Contains(empty, e.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(empty, true);
        }
    }

    [Fact]
    public void A_plane_file_whose_content_changed_is_rejected_as_corrupt()
    {
        var copy = CopyDataset();
        try
        {
            var path = Path.Combine(copy, "images-ch2.u8.gz");
            byte[] planes;
            using (var gz = new GZipStream(File.OpenRead(path), CompressionMode.Decompress))
            using (var ms = new MemoryStream())
            {
                gz.CopyTo(ms);
                planes = ms.ToArray();
            }
            planes[planes.Length / 2] ^= 0x40;
            using (var gz = new GZipStream(File.Create(path), CompressionLevel.Fastest))
                gz.Write(planes);

            var e = Assert.Throws<InvalidDataException>(() => BrainMriDataset.Load(copy));
            Assert.Contains("images-ch2.u8.gz is corrupt", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(copy, true);
        }
    }

    [Fact]
    public void A_truncated_plane_file_is_rejected_with_its_name()
    {
        var copy = CopyDataset();
        try
        {
            var path = Path.Combine(copy, "masks.u8.gz");
            using (var gz = new GZipStream(File.Create(path), CompressionLevel.Fastest))
                gz.Write(new byte[BrainMriDataset.PixelCount * 3]);

            var e = Assert.Throws<InvalidDataException>(() => BrainMriDataset.Load(copy));
            Assert.Contains("masks.u8.gz", e.Message, StringComparison.Ordinal);
            Assert.Contains("planes", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(copy, true);
        }
    }

    [Fact]
    public void A_manifest_of_another_format_version_is_refused()
    {
        var copy = CopyDataset();
        try
        {
            var path = Path.Combine(copy, "manifest.json");
            File.WriteAllText(path, File.ReadAllText(path).Replace("fedbus-brain-mri/1", "fedbus-brain-mri/99", StringComparison.Ordinal));

            var e = Assert.Throws<InvalidDataException>(() => BrainMriDataset.Load(copy));
            Assert.Contains("fedbus-brain-mri/99", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(copy, true);
        }
    }

    [Fact]
    public void A_manifest_naming_a_file_outside_the_dataset_folder_is_refused()
    {
        var copy = CopyDataset();
        try
        {
            var path = Path.Combine(copy, "manifest.json");
            File.WriteAllText(path, File.ReadAllText(path).Replace("\"masks.u8.gz\"", "\"../shared/masks.u8.gz\"", StringComparison.Ordinal));

            var e = Assert.Throws<InvalidDataException>(() => BrainMriDataset.Load(copy));
            Assert.Contains("'../shared/masks.u8.gz' is not a plain file name", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(copy, true);
        }
    }

    private static string CopyDataset()
    {
        var target = Directory.CreateTempSubdirectory("brain-mri-copy").FullName;
        foreach (var file in Directory.GetFiles(Data.Root))
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        return target;
    }
}
