namespace FedBus.BrainMri.Tests;

public sealed class RegionMapTests
{
    private static BrainMriDataset Data => BrainMriDataset.Shared;

    [Fact]
    public void Lobe_groups_label_every_atlas_pixel_and_nothing_else()
    {
        foreach (var s in Data.TestSplit())
        {
            var map = Data.RegionMap(s);
            for (int i = 0; i < map.Length; i++)
                Assert.Equal(s.Atlas[i] != 0, map[i] != 0);
            Assert.All(map, v => Assert.InRange(v, 0, AtlasGroup.Lobes.Count));
        }
    }

    [Fact]
    public void Landmark_groups_match_the_detection_classes_inside_every_box()
    {
        Assert.Equal(Data.DetectionClassNames, AtlasGroup.Landmarks.Select(g => g.Name));
        foreach (var s in Data.TrainSplit().Where(s => s.Boxes.Count > 0))
        {
            var map = Data.RegionMap(s, AtlasGroup.Landmarks);
            foreach (var b in s.Boxes)
            {
                int matching = 0;
                for (int y = b.Y0; y < b.Y1; y++)
                    for (int x = b.X0; x < b.X1; x++)
                        if (map[y * BrainMriDataset.Size + x] == b.ClassId + 1)
                            matching++;
                Assert.True(matching >= 8, $"{s.CaseId}: box {b} has {matching} pixels of its group");
            }
        }
    }

    [Fact]
    public void Region_map_refuses_an_empty_group_list()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Data.RegionMap(Data.TestSplit()[0], []));
        Assert.Equal("groups", e.ParamName);
    }
}
