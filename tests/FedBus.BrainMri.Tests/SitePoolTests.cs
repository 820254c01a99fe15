namespace FedBus.BrainMri.Tests;

public sealed class SitePoolTests
{
    private static BrainMriDataset Data => BrainMriDataset.Shared;

    [Theory]
    [InlineData(4, 0.5, 1)]
    [InlineData(3, 0.1, 2)]
    [InlineData(6, 10.0, 3)]
    public void No_test_position_appears_in_any_site_pool_and_each_training_position_in_exactly_one(int n, double alpha, int seed)
    {
        var sites = Data.Sites(n, alpha, seed);
        var testPositions = Data.TestSplit().Select(s => s.PositionKey).ToHashSet();
        var pooled = sites.SelectMany(p => p.Slices).Select(s => s.PositionKey).ToList();

        Assert.Equal(n, sites.Count);
        Assert.DoesNotContain(pooled, testPositions.Contains);
        Assert.All(sites.SelectMany(p => p.Slices), s => Assert.False(s.IsTest));
        Assert.Equal(pooled.Count, pooled.Distinct().Count());
        Assert.Equal(Data.TrainSplit().Select(s => s.PositionKey).Order(), pooled.Order());
        Assert.All(sites, p => Assert.NotEmpty(p.Slices));
    }

    [Fact]
    public void Site_pools_are_identical_for_the_same_seed_and_differ_for_another()
    {
        var a = Data.Sites(4, 0.5, 42);
        var b = Data.Sites(4, 0.5, 42);
        var c = Data.Sites(4, 0.5, 43);

        for (int k = 0; k < 4; k++)
        {
            Assert.Equal(a[k].Slices.Select(s => s.CaseId), b[k].Slices.Select(s => s.CaseId));
            for (int i = 0; i < a[k].Slices.Count; i++)
                Assert.Equal(a[k].Slices[i].Image, b[k].Slices[i].Image);
        }
        Assert.False(Enumerable.Range(0, 4).All(k => a[k].Slices.Select(s => s.CaseId).SequenceEqual(c[k].Slices.Select(s => s.CaseId))),
            "seeds 42 and 43 dealt out identical pools");
    }

    [Fact]
    public void Each_site_sees_its_slices_through_its_own_scanner_profile()
    {
        var sites = Data.Sites(4, 1.0, 5);

        Assert.Equal(ScannerProfiles.ForSites(4, 5), sites.Select(s => s.Profile));
        foreach (var site in sites)
        {
            Assert.All(site.Slices, s => Assert.Equal(site.Profile.Source, s.Source));
            Assert.All(site.Slices, s => Assert.Equal(site.Profile.Name, s.Shift));
            // Every site profile changes pixels: none of its images equals the clean one.
            Assert.All(site.Slices, s => Assert.NotEqual(Data.Get(s.CaseId).Image, s.Image));
        }
        Assert.Contains(sites, s => s.Profile.Source == SliceSource.Ch2Better);
    }

    [Fact]
    public void Given_profiles_replace_the_defaults_so_a_demo_can_add_a_strongly_shifted_hospital()
    {
        IReadOnlyList<ScannerProfile> profiles = [.. ScannerProfiles.ForSites(2, 0), ScannerProfiles.Named("new-hospital")];

        var sites = Data.Sites(3, 1.0, 0, profiles);

        Assert.Equal("strong", sites[2].Profile.Name);
        Assert.All(sites[2].Slices, s => Assert.Equal("strong", s.Shift));
        var e = Assert.Throws<ArgumentException>(() => Data.Sites(4, 1.0, 0, profiles));
        Assert.Contains("3 scanner profiles given for 4 sites", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Views_can_be_restricted_for_an_axial_only_benchmark()
    {
        var sites = Data.Sites(4, 1.0, 9, views: [SliceView.Axial]);

        Assert.All(sites.SelectMany(s => s.Slices), s => Assert.Equal(SliceView.Axial, s.View));
        Assert.Equal(Data.TrainSplit(views: [SliceView.Axial]).Count, sites.Sum(s => s.Slices.Count));
    }

    [Fact]
    public void Small_alpha_gives_more_skewed_class_mixes_than_large_alpha()
    {
        var labels = Data.TrainSplit().Select(s => s.ClassLabel).ToList();
        int classes = Data.ClassNames.Count;
        var global = Distribution(labels, classes);

        (double Kl, double MaxShare) Skew(double alpha)
        {
            double kl = 0, maxShare = 0;
            int count = 0;
            for (int seed = 0; seed < 20; seed++)
                foreach (var site in DirichletPartitioner.Partition(labels, 4, alpha, seed))
                {
                    var p = Distribution(site.Select(i => labels[i]).ToList(), classes);
                    kl += Enumerable.Range(0, classes).Where(c => p[c] > 0).Sum(c => p[c] * Math.Log(p[c] / global[c]));
                    maxShare += p.Max();
                    count++;
                }
            return (kl / count, maxShare / count);
        }

        var skewed = Skew(0.1);
        var iid = Skew(100);

        Assert.True(skewed.Kl > 0.5, $"KL at alpha 0.1 is only {skewed.Kl:0.000}");
        Assert.True(iid.Kl < 0.05, $"KL at alpha 100 is {iid.Kl:0.000}");
        Assert.True(skewed.MaxShare > iid.MaxShare + 0.3, $"max class share {skewed.MaxShare:0.00} vs {iid.MaxShare:0.00}");
    }

    [Fact]
    public void Impossible_partitions_fail_with_advice()
    {
        var labels = Enumerable.Repeat(0, 5).ToList();

        var e = Assert.Throws<ArgumentException>(() => DirichletPartitioner.Partition(labels, 6, 1.0, 0));
        Assert.Contains("cannot fill 6 sites", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => DirichletPartitioner.Partition(labels, 2, 0, 0));
    }

    private static double[] Distribution(IReadOnlyList<int> labels, int classes)
    {
        var p = new double[classes];
        foreach (var l in labels)
            p[l]++;
        for (int c = 0; c < classes; c++)
            p[c] /= Math.Max(1, labels.Count);
        return p;
    }
}
