using FedBus.Contracts;
using FedBus.QualityControl.Drift;
using FedBus.QualityControl.Rules;

namespace FedBus.QualityControl.Tests.Drift;

public sealed class ClassDistributionDriftTests
{
    private static readonly DriftSettings Settings = new(Threshold: 0.1, MinimumLabels: 20);

    [Fact]
    public void Jensen_Shannon_is_0_for_one_distribution_and_1_for_disjoint_ones()
    {
        Assert.Equal(0.0, JensenShannon.Divergence(new Dictionary<int, long> { [0] = 3, [1] = 1 }, new Dictionary<int, long> { [0] = 30, [1] = 10 }), 12);
        Assert.Equal(1.0, JensenShannon.Divergence(new Dictionary<int, long> { [0] = 1 }, new Dictionary<int, long> { [1] = 7 }), 12);
    }

    [Fact]
    public void Jensen_Shannon_of_half_half_against_all_one_class()
    {
        // m = (0.75, 0.25): ½·[½·log2(0.5/0.75) + ½·log2(0.5/0.25)] + ½·[log2(1/0.75)].
        var expected = 0.5 * (0.5 * Math.Log2(0.5 / 0.75) + 0.5 * Math.Log2(0.5 / 0.25)) + 0.5 * Math.Log2(1 / 0.75);

        Assert.Equal(expected, JensenShannon.Divergence(new Dictionary<int, long> { [0] = 1, [1] = 1 }, new Dictionary<int, long> { [0] = 1 }), 12);
        Assert.Equal(0.31128, expected, 5);
    }

    [Fact]
    public void A_site_labelling_90_percent_class_0_against_a_50_50_federation_drifts()
    {
        // p = (0.9, 0.1), q = (0.5, 0.5): JSD ≈ 0.1468 bits > 0.1.
        var drift = ClassDistributionDrift.Assess("brain-seg", new Dictionary<int, long> { [0] = 36, [1] = 4 }, Federation(100, 100), ["background", "brain"], Settings);

        Assert.True(drift.Drifting);
        Assert.Equal(0.1468, drift.Divergence!.Value, 4);
        Assert.Equal(QcCodes.ClassDistributionDrift, drift.Flag!.Code);
        Assert.Contains("background is in", drift.Flag.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_site_labelling_25_75_against_50_50_stays_within_the_threshold()
    {
        // JSD ≈ 0.0488 bits.
        var drift = ClassDistributionDrift.Assess("brain-seg", new Dictionary<int, long> { [0] = 10, [1] = 30 }, Federation(100, 100), null, Settings);

        Assert.False(drift.Drifting);
        Assert.Equal(0.0488, drift.Divergence!.Value, 4);
    }

    [Fact]
    public void Too_few_site_labels_or_no_federation_statistics_are_not_judged()
    {
        var few = ClassDistributionDrift.Assess("m", new Dictionary<int, long> { [0] = 19 }, Federation(100, 100), null, Settings);
        Assert.Null(few.Divergence);
        Assert.Contains("19 of 20", few.Note, StringComparison.Ordinal);

        var none = ClassDistributionDrift.Assess("m", new Dictionary<int, long> { [0] = 50 }, null, null, Settings);
        Assert.Null(none.Divergence);
        Assert.False(none.Drifting);
    }

    private static FederationStatisticsPublished Federation(int class0, int class1) =>
        new(Guid.NewGuid(), DateTimeOffset.UnixEpoch, "brain-seg", 3, [new ClassCount(0, class0), new ClassCount(1, class1)]);
}
