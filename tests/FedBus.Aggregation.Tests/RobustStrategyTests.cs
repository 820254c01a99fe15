using FedBus.Aggregation.Strategies;
using static FedBus.Aggregation.Tests.Support.TestWeights;

namespace FedBus.Aggregation.Tests;

/// <summary>
/// Four honest sites near (1, 2, 3) and one poisoned site e = (100, −100, 50), equal sample counts, no norm screen:
/// what each strategy makes of the poison on its own.
/// </summary>
public class RobustStrategyTests
{
    private static readonly SiteUpdate[] Round =
    [
        Site("a", 10, 1.0f, 2.0f, 3.0f),
        Site("b", 10, 1.2f, 1.8f, 3.1f),
        Site("c", 10, 0.9f, 2.1f, 2.9f),
        Site("d", 10, 1.1f, 2.2f, 3.0f),
        Site("e", 10, 100f, -100f, 50f),
    ];

    private static float[] Run(AggregationSettings settings) =>
        Aggregator.Aggregate(settings, Vector(0, 0, 0), Round).Weights.Floats(0);

    [Fact]
    public void FedAvg_is_pulled_far_off_by_the_poisoned_site()
    {
        // x: (1.0 + 1.2 + 0.9 + 1.1 + 100)/5 = 104.2/5 = 20.84; y: (8.1 − 100)/5 = −18.38; z: (12.0 + 50)/5 = 12.4
        var w = Run(Unscreened(StrategyKind.FedAvg));
        Assert.Equal(20.84f, w[0], 1e-4f);
        Assert.Equal(-18.38f, w[1], 1e-4f);
        Assert.Equal(12.4f, w[2], 1e-4f);
    }

    [Fact]
    public void FedMedian_takes_the_middle_value_of_each_coordinate_and_ignores_the_poison()
    {
        // x sorted: 0.9 1.0 [1.1] 1.2 100; y: −100 1.8 [2.0] 2.1 2.2; z: 2.9 3.0 [3.0] 3.1 50
        Assert.Equal([1.1f, 2.0f, 3.0f], Run(Unscreened(StrategyKind.FedMedian)));
    }

    [Fact]
    public void FedMedian_of_an_even_count_averages_the_two_middle_values()
    {
        // a–d only. x: 0.9 [1.0 1.1] 1.2 → 1.05; y: 1.8 [2.0 2.1] 2.2 → 2.05; z: 2.9 [3.0 3.0] 3.1 → 3.0
        var w = Aggregator.Aggregate(Unscreened(StrategyKind.FedMedian), Vector(0, 0, 0), Round[..4]).Weights.Floats(0);
        Assert.Equal(1.05f, w[0], 1e-6f);
        Assert.Equal(2.05f, w[1], 1e-6f);
        Assert.Equal(3.0f, w[2], 1e-6f);
    }

    [Fact]
    public void Trimmed_mean_drops_the_extremes_of_each_coordinate_and_ignores_the_poison()
    {
        // β = 0.2, K = 5 → ⌊1⌋ value dropped at each end.
        // x: (1.0 + 1.1 + 1.2)/3 = 1.1; y: (1.8 + 2.0 + 2.1)/3 = 1.96667; z: (3.0 + 3.0 + 3.1)/3 = 3.03333
        var w = Run(Unscreened(StrategyKind.TrimmedMean) with { TrimFraction = 0.2 });
        Assert.Equal(1.1f, w[0], 1e-6f);
        Assert.Equal(5.9f / 3, w[1], 1e-6f);
        Assert.Equal(9.1f / 3, w[2], 1e-6f);
    }

    [Fact]
    public void Krum_picks_the_update_closest_to_its_neighbours_and_leaves_out_the_poison()
    {
        // Squared distances: ab .04+.04+.01 = .09, ac .03, ad .01+.04+0 = .05, bc .09+.09+.04 = .22, bd .01+.16+.01 = .18,
        // cd .04+.01+.01 = .06; e is ≥ 98.8² away from everyone. f = 1 → K − f − 2 = 2 nearest:
        // a: .03 + .05 = .08, b: .09 + .18 = .27, c: .03 + .06 = .09, d: .05 + .06 = .11 → a wins.
        var result = Aggregator.Aggregate(Unscreened(StrategyKind.Krum) with { ByzantineSites = 1 }, Vector(0, 0, 0), Round);

        Assert.Equal([1.0f, 2.0f, 3.0f], result.Weights.Floats(0));
        Assert.Equal(["a"], result.Sites.Where(s => s.Included).Select(s => s.SiteId));
        var e = result.Sites.Single(s => s.SiteId == "e");
        Assert.False(e.Included);
        Assert.Contains("ranks 5 of 5", e.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Multi_Krum_averages_the_m_best_scored_updates()
    {
        // m = K − f = 4 by default: a, c, d, b → x (1.0 + 1.2 + 0.9 + 1.1)/4 = 1.05, y (2 + 1.8 + 2.1 + 2.2)/4 = 2.025, z 12/4 = 3
        var w = Run(Unscreened(StrategyKind.MultiKrum));
        Assert.Equal(1.05f, w[0], 1e-6f);
        Assert.Equal(2.025f, w[1], 1e-6f);
        Assert.Equal(3.0f, w[2], 1e-6f);

        // m = 2: a and c → (0.95, 2.05, 2.95)
        var two = Aggregator.Aggregate(Unscreened(StrategyKind.MultiKrum) with { KrumSelected = 2 }, Vector(0, 0, 0), Round);
        Assert.Equal(0.95f, two.Weights.Floats(0)[0], 1e-6f);
        Assert.Equal(2.05f, two.Weights.Floats(0)[1], 1e-6f);
        Assert.Equal(2.95f, two.Weights.Floats(0)[2], 1e-6f);
        Assert.Equal([0.5, 0, 0.5, 0, 0], two.Sites.Select(s => s.Share));
    }

    [Fact]
    public void Krum_refuses_a_round_too_small_for_the_byzantine_sites_it_must_tolerate()
    {
        var global = Vector(0, 0, 0);
        var plan = RoundPlanner.Plan(Unscreened(StrategyKind.Krum) with { ByzantineSites = 1 }, global.Layout,
            [.. Round[..4].Select(u => new SiteSubmission(u.SiteId, u.SampleCount, UpdateInspector.Inspect(global, u.Weights)))]);

        Assert.False(plan.CanAggregate);
        Assert.Equal("Krum with f = 1 needs at least 5 valid updates (K > 2f + 2); 4 were accepted.", plan.Blocker);
        var error = Assert.Throws<InvalidOperationException>(() => Aggregator.Aggregate(plan, global, Round.ToDictionary(u => u.SiteId, u => u.Weights)));
        Assert.Contains(plan.Blocker!, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Order_statistics_give_every_site_an_equal_nominal_share_whatever_its_sample_count()
    {
        var lying = Round.Select(u => u.SiteId == "e" ? u with { SampleCount = 1_000_000 } : u).ToList();
        var result = Aggregator.Aggregate(Unscreened(StrategyKind.FedMedian), Vector(0, 0, 0), lying);

        Assert.Equal([1.1f, 2.0f, 3.0f], result.Weights.Floats(0));
        Assert.All(result.Sites, s => Assert.Equal(0.2, s.Share, 12));
    }

    [Fact]
    public void Median_and_trimmed_mean_agree_with_a_plain_sort_on_long_tensors_across_chunks()
    {
        // 7 sites × 5,000 values (several 1,024-value chunks, last one partial): compare with sorting each coordinate.
        var sites = Enumerable.Range(0, 7).Select(i => new SiteUpdate($"s{i}", 1, Vector(Random(5_000, i + 1)))).ToList();
        var median = Aggregator.Aggregate(Unscreened(StrategyKind.FedMedian), Vector(new float[5_000]), sites).Weights.Floats(0);
        var trimmed = Aggregator.Aggregate(Unscreened(StrategyKind.TrimmedMean) with { TrimFraction = 0.3 }, Vector(new float[5_000]), sites).Weights.Floats(0);
        for (int j = 0; j < 5_000; j++)
        {
            var column = sites.Select(s => s.Weights.Floats(0)[j]).Order().ToArray();
            Assert.Equal(column[3], median[j]);
            Assert.Equal((column[2] + column[3] + column[4]) / 3, trimmed[j], 1e-6f); // ⌊0.3·7⌋ = 2 dropped each side
        }
    }

    [Fact]
    public void The_sorting_network_sorts_every_zero_one_input_up_to_sixteen_rows()
    {
        // 0-1 principle: a comparator network sorts all inputs iff it sorts all 0/1 inputs.
        for (int n = 1; n <= 16; n++)
        {
            var network = SortingNetwork.For(n);
            int width = 1 << n;
            var rows = new float[n * width];
            for (int column = 0; column < width; column++)
                for (int r = 0; r < n; r++) rows[r * width + column] = (column >> r) & 1;
            network.SortColumns(rows, width);
            for (int column = 0; column < width; column++)
                for (int r = 1; r < n; r++)
                    Assert.True(rows[(r - 1) * width + column] <= rows[r * width + column], $"n = {n}, column {column} not sorted");
        }
    }
}
