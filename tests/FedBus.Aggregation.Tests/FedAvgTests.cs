using FedBus.Aggregation.Strategies;
using FedBus.Aggregation.Tests.Support;
using FedBus.Learning.Weights;
using static FedBus.Aggregation.Tests.Support.TestWeights;

namespace FedBus.Aggregation.Tests;

public class FedAvgTests
{
    [Fact]
    public void FedAvg_weights_each_site_by_its_sample_count()
    {
        var global = Vector(0, 0);
        // site a: 1 sample, [1, 2]; site b: 3 samples, [5, 6]
        // (1·1 + 3·5)/4 = 16/4 = 4;  (1·2 + 3·6)/4 = 20/4 = 5
        var result = Aggregator.Aggregate(Unscreened(StrategyKind.FedAvg), global, [Site("a", 1, 1, 2), Site("b", 3, 5, 6)]);

        Assert.Equal([4f, 5f], result.Weights.Floats("fc.weight"));
        Assert.Equal([0.25, 0.75], result.Sites.Select(s => s.Share));
    }

    [Fact]
    public void BatchNorm_step_counters_are_not_averaged_but_the_largest_is_kept()
    {
        static WeightsView Model(float w, long counter) => WeightsView.Of(new WeightSet([
            new("bn.running_mean", WeightTensor.Float32([1], [w])),
            new("bn.num_batches_tracked", WeightTensor.Int64([], [counter])),
        ]));
        var result = Aggregator.Aggregate(Unscreened(StrategyKind.FedAvg), Model(0, 100),
            [new SiteUpdate("a", 1, Model(2, 110)), new SiteUpdate("b", 1, Model(4, 130))]);

        Assert.Equal([3f], result.Weights.Floats("bn.running_mean")); // (2 + 4)/2
        Assert.Equal([130L], result.Weights.Int64s("bn.num_batches_tracked")); // max(110, 130), not 120
    }

    [Fact]
    public void FedProx_aggregates_exactly_as_FedAvg_and_keeps_mu_for_the_sites()
    {
        var global = Vector(0.5f, -1f, 2f);
        SiteUpdate[] updates = [Site("a", 7, 1, 2, 3), Site("b", 2, -1, 0.25f, 9), Site("c", 5, 0.1f, 0.2f, 0.3f)];
        var prox = Unscreened(StrategyKind.FedProx) with { ProximalMu = 0.01 };

        var avg = Aggregator.Aggregate(Unscreened(StrategyKind.FedAvg), global, updates);
        var fedProx = Aggregator.Aggregate(prox, global, updates);

        Assert.Equal(avg.Weights.Floats(0), fedProx.Weights.Floats(0));
        Assert.Equal(0.01, prox.ProximalMu);
        Assert.Throws<ArgumentException>(() => RoundPlanner.Plan(prox with { ProximalMu = -1 }, global.Layout, []));
    }

    [Fact]
    public void A_site_above_the_share_cap_gets_the_cap_and_the_rest_is_spread_by_samples()
    {
        // samples 1, 1, 8 → shares 0.1, 0.1, 0.8; cap 0.5 → c gets 0.5, a and b split the other 0.5 in proportion 1:1.
        // aggregate = 0.25·0 + 0.25·4 + 0.5·10 = 6
        var settings = Unscreened(StrategyKind.FedAvg) with { MaxSiteShare = 0.5 };
        var result = Aggregator.Aggregate(settings, Vector(0), [Site("a", 1, 0), Site("b", 1, 4), Site("c", 8, 10)]);

        Assert.Equal([0.25, 0.25, 0.5], result.Sites.Select(s => s.Share));
        Assert.Equal(6f, result.Weights.Floats(0)[0], 1e-6f);
    }

    [Fact]
    public void Capping_repeats_until_no_share_is_above_the_cap()
    {
        // raw 1, 4, 5, cap 0.4: 0.1, 0.4, 0.5 → cap the third; 0.6 over raw 1 and 4 → 0.12, 0.48 → cap the second too;
        // the first keeps 1 − 0.4 − 0.4 = 0.2.
        var shares = SiteWeighting.Shares([1, 4, 5], 0.4, out bool holds);
        Assert.True(holds);
        Assert.Equal(0.2, shares[0], 12);
        Assert.Equal(0.4, shares[1], 12);
        Assert.Equal(0.4, shares[2], 12);

        // raw 1, 2, 3, 14, cap 0.4: only the last is capped; 0.6 over raw 6 → 0.1, 0.2, 0.3
        Assert.Equal([0.1, 0.2, 0.3, 0.4], SiteWeighting.Shares([1, 2, 3, 14], 0.4, out _).Select(s => Math.Round(s, 12)));
    }

    [Fact]
    public void A_cap_that_cannot_hold_gives_equal_shares_and_says_so()
    {
        var settings = Unscreened(StrategyKind.FedAvg) with { MaxSiteShare = 0.2 };
        var result = Aggregator.Aggregate(settings, Vector(0), [Site("a", 1, 3), Site("b", 10, 6), Site("c", 100, 9)]);

        Assert.All(result.Sites, s => Assert.Equal(1.0 / 3, s.Share, 12));
        Assert.Equal(6f, result.Weights.Floats(0)[0], 1e-6f); // (3 + 6 + 9)/3
        Assert.Contains(result.Notes, n => n.Contains("cannot hold", StringComparison.Ordinal));
    }

    [Fact]
    public void Sites_can_be_weighted_by_validation_score_times_samples()
    {
        // raw = 10·0.9 = 9 and 10·0.3 = 3 → shares 0.75 and 0.25; 0.75·4 + 0.25·8 = 5
        var settings = Unscreened(StrategyKind.FedAvg) with { WeightByValidationScore = true };
        var result = Aggregator.Aggregate(settings, Vector(0),
            [Site("a", 10, 4) with { ValidationScore = 0.9 }, Site("b", 10, 8) with { ValidationScore = 0.3 }, Site("c", 10, 100)]);

        Assert.Equal([0.75, 0.25, 0], result.Sites.Select(s => s.Share));
        Assert.Equal(5f, result.Weights.Floats(0)[0], 1e-6f);
        Assert.Equal("The round weights sites by validation score and this update has none.", result.Sites[2].Reason);
    }

    [Fact]
    public void Accumulating_update_by_update_in_plan_order_gives_bit_identical_weights_and_state()
    {
        // Over 20,000 floats (not a multiple of the chunk), with FedAdam's state and DP noise in the finish step.
        var global = Of(("a.weight", Random(20_000, 1)), ("b.weight", Random(777, 2)));
        var sites = Enumerable.Range(0, 3).Select(i => new SiteUpdate($"s{i}", 10 + i,
            Of(("a.weight", Random(20_000, 10 + i)), ("b.weight", Random(777, 20 + i))))).ToList();
        var settings = new AggregationSettings { Strategy = StrategyKind.FedAdam, Privacy = new DifferentialPrivacySettings(50, 0.5) };
        var plan = RoundPlanner.Plan(settings, global.Layout,
            [.. sites.Select(s => new SiteSubmission(s.SiteId, s.SampleCount, UpdateInspector.Inspect(global, s.Weights)))]);

        var together = Aggregator.Aggregate(plan, global, sites.ToDictionary(s => s.SiteId, s => s.Weights), null, noiseSeed: 42);
        var accumulator = Aggregator.StartMean(plan, global, null, noiseSeed: 42);
        foreach (var s in sites)
        {
            Assert.Contains(s.SiteId, accumulator.Pending);
            accumulator.Add(s.SiteId, s.Weights);
        }
        var streamed = accumulator.Complete();

        Assert.True(together.Weights.ToWeightSet().ContentEquals(streamed.Weights.ToWeightSet()));
        Assert.Equal(together.State.ToBytes(), streamed.State.ToBytes());
    }

    [Fact]
    public void The_accumulator_refuses_a_site_outside_the_plan_a_repeat_and_an_early_finish()
    {
        var global = Vector(0);
        var plan = RoundPlanner.Plan(new AggregationSettings(), global.Layout,
            [new SiteSubmission("a", 1, UpdateInspector.Inspect(global, Vector(1))), new SiteSubmission("b", 1, UpdateInspector.Inspect(global, Vector(2)))]);
        var accumulator = Aggregator.StartMean(plan, global);
        accumulator.Add("a", Vector(1));

        Assert.Contains("already added", Assert.Throws<ArgumentException>(() => accumulator.Add("a", Vector(1))).Message);
        Assert.Contains("not included", Assert.Throws<ArgumentException>(() => accumulator.Add("z", Vector(1))).Message);
        Assert.Contains("b", Assert.Throws<InvalidOperationException>(accumulator.Complete).Message);
        var median = RoundPlanner.Plan(Unscreened(StrategyKind.FedMedian), global.Layout, plan.Sites.Select(s => new SiteSubmission(s.SiteId, 1, UpdateInspection.Valid([0.0]))).ToList());
        Assert.Contains("needs every update at once", Assert.Throws<InvalidOperationException>(() => Aggregator.StartMean(median, global)).Message);
    }

    [Fact]
    public void A_previous_result_can_be_reused_as_the_output_but_never_the_global_models_own_memory()
    {
        var first = Aggregator.Aggregate(Unscreened(StrategyKind.FedAvg), Vector(0, 0), [Site("a", 1, 1, 2), Site("b", 1, 3, 4)]);
        var buffer = first.Weights.Floats(0);
        var global = Vector(0, 0);
        var plan = RoundPlanner.Plan(Unscreened(StrategyKind.FedAvg), global.Layout,
            [new SiteSubmission("a", 1, UpdateInspector.Inspect(global, Vector(5, 6)))]);

        var second = Aggregator.Aggregate(plan, global, new Dictionary<string, WeightsView> { ["a"] = Vector(5, 6) }, output: first.Weights);
        Assert.Same(buffer, second.Weights.Floats(0));
        Assert.Equal([5f, 6f], buffer);

        var own = first.Weights.AsView();
        var error = Assert.Throws<ArgumentException>(() => Aggregator.Aggregate(plan, own, new Dictionary<string, WeightsView> { ["a"] = Vector(5, 6) }, output: first.Weights));
        Assert.Contains("global model's own memory", error.Message, StringComparison.Ordinal);
    }
}
