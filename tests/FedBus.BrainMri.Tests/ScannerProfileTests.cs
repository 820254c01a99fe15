namespace FedBus.BrainMri.Tests;

public sealed class ScannerProfileTests
{
    private static BrainMriDataset Data => BrainMriDataset.Shared;

    [Fact]
    public void Strong_test_split_is_the_reference_shift_gamma_1_4_plus_noise_sigma_0_08()
    {
        var clean = Data.TestSplit();
        var strong = Data.TestSplit("strong", seed: 1);

        Assert.Equal(clean.Select(s => s.CaseId), strong.Select(s => s.CaseId));
        // Inside the brain (intensities far from the clip limits) the residual after undoing
        // nothing but the gamma is the added noise.
        double sum = 0, sumSq = 0;
        long n = 0;
        for (int k = 0; k < clean.Count; k++)
            for (int i = 0; i < BrainMriDataset.PixelCount; i++)
                if (clean[k].BrainMask[i] == 1 && clean[k].Image[i] > 0.3)
                {
                    double r = strong[k].Image[i] - Math.Pow(clean[k].Image[i], 1.4);
                    sum += r;
                    sumSq += r * r;
                    n++;
                }
        double mean = sum / n, sd = Math.Sqrt(sumSq / n - mean * mean);
        Assert.InRange(mean, -0.005, 0.005);
        Assert.InRange(sd, 0.076, 0.084);
        Assert.All(strong, s => Assert.Equal("strong", s.Shift));
    }

    [Fact]
    public void Clean_test_split_is_unchanged_by_the_clean_profile()
    {
        var clean = Data.TestSplit();
        var viaProfile = Data.TestSplit(ScannerProfiles.Clean);

        Assert.Equal(clean.Count, viaProfile.Count);
        for (int k = 0; k < clean.Count; k++)
            Assert.Equal(clean[k].Image, viaProfile[k].Image);
    }

    [Fact]
    public void Shifted_test_split_is_reproducible_for_a_seed_and_differs_across_seeds()
    {
        var a = Data.TestSplit(ScannerProfiles.Moderate, seed: 4);
        var b = Data.TestSplit(ScannerProfiles.Moderate, seed: 4);
        var c = Data.TestSplit(ScannerProfiles.Moderate, seed: 5);

        Assert.All(Enumerable.Range(0, a.Count), k => Assert.Equal(a[k].Image, b[k].Image));
        Assert.NotEqual(a[0].Image, c[0].Image);
    }

    [Fact]
    public void Shifts_get_stronger_from_mild_to_strong()
    {
        var clean = Data.TestSplit();
        double Distance(string profile)
        {
            var shifted = Data.TestSplit(profile, seed: 2);
            double sum = 0;
            for (int k = 0; k < clean.Count; k++)
                for (int i = 0; i < BrainMriDataset.PixelCount; i++)
                    sum += Math.Abs(shifted[k].Image[i] - clean[k].Image[i]);
            return sum / (clean.Count * BrainMriDataset.PixelCount);
        }

        double mild = Distance("mild"), moderate = Distance("moderate"), strong = Distance("strong");
        Assert.True(mild < moderate && moderate < strong, $"mean |Δ|: mild {mild:0.0000}, moderate {moderate:0.0000}, strong {strong:0.0000}");
    }

    [Fact]
    public void A_profile_refuses_slices_of_the_other_source_or_already_shifted_ones()
    {
        var ch2 = Data.TestSplit()[0];
        var hires = ScannerProfiles.Site1;

        Assert.Contains("renders Ch2Better", Assert.Throws<ArgumentException>(() => hires.Apply(ch2, 0)).Message, StringComparison.Ordinal);
        var shifted = ScannerProfiles.Strong.Apply(ch2, 0);
        Assert.Contains("already carries shift 'strong'", Assert.Throws<ArgumentException>(() => ScannerProfiles.Mild.Apply(shifted, 0)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rendering_a_list_with_the_wrong_source_reports_the_slice_not_an_aggregate()
    {
        var e = Assert.Throws<ArgumentException>(() => BrainMriDataset.Render(Data.TestSplit(), ScannerProfiles.Site1, 0));

        Assert.Contains("is from Ch2", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Profiles_are_found_by_name_and_unknown_names_list_the_known_ones()
    {
        Assert.Same(ScannerProfiles.Strong, ScannerProfiles.Named("NEW-HOSPITAL"));
        Assert.Same(ScannerProfiles.Mild, ScannerProfiles.Named("mild"));
        var e = Assert.Throws<ArgumentException>(() => ScannerProfiles.Named("gamma-9"));
        Assert.Contains("strong", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Sites_beyond_the_four_fixed_scanners_get_distinct_seeded_profiles()
    {
        var a = ScannerProfiles.ForSites(7, 1);
        var b = ScannerProfiles.ForSites(7, 1);
        var c = ScannerProfiles.ForSites(7, 2);

        Assert.Equal(a, b);
        Assert.Equal(a.Take(4), c.Take(4));
        Assert.NotEqual(a.Skip(4), c.Skip(4));
        Assert.Equal(7, a.Select(p => p.Name).Distinct().Count());
    }
}
