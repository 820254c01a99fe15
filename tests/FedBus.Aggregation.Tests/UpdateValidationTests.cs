using FedBus.Aggregation.Strategies;
using FedBus.Learning.Weights;
using static FedBus.Aggregation.Tests.Support.TestWeights;

namespace FedBus.Aggregation.Tests;

public class UpdateValidationTests
{
    private static readonly WeightsView Global = Of(("conv.weight", [0, 0, 0, 0]), ("fc.weight", [0, 0]));

    [Fact]
    public void An_update_holding_NaN_is_rejected_naming_the_tensor_and_the_count()
    {
        var inspection = UpdateInspector.Inspect(Global, Of(("conv.weight", [1, float.NaN, float.NaN, 2]), ("fc.weight", [0, 0])));

        Assert.False(inspection.IsValid);
        Assert.Equal("Tensor 'conv.weight' holds 2 NaN values (of 4).", inspection.Reason);
    }

    [Fact]
    public void An_update_holding_infinity_is_rejected()
    {
        var inspection = UpdateInspector.Inspect(Global, Of(("conv.weight", [0, 0, 0, 0]), ("fc.weight", [float.NegativeInfinity, float.NaN])));
        Assert.Equal("Tensor 'fc.weight' holds 1 NaN and 1 infinite values (of 2).", inspection.Reason);
    }

    [Fact]
    public void An_update_with_another_shape_or_other_names_is_rejected_with_the_differences()
    {
        var reshaped = WeightsView.Of(new WeightSet([
            new("conv.weight", WeightTensor.Float32([2, 2], [0, 0, 0, 0])),
            new("head.weight", WeightTensor.Float32([2], [0, 0])),
        ]));
        var inspection = UpdateInspector.Inspect(Global, reshaped);

        Assert.Equal("The update's architecture differs from the global model: 'conv.weight' is F32 [2, 2], expected F32 [4]; " +
                     "missing 'fc.weight' (F32 [2]); unexpected 'head.weight' (F32 [2]).", inspection.Reason);
    }

    [Fact]
    public void Rejected_updates_are_left_out_of_the_round_with_their_reasons_and_the_rest_is_averaged()
    {
        var result = Aggregator.Aggregate(new AggregationSettings(), Global,
        [
            new SiteUpdate("good-1", 1, Of(("conv.weight", [1, 1, 1, 1]), ("fc.weight", [2, 2]))),
            new SiteUpdate("nan", 1000, Of(("conv.weight", [float.NaN, 0, 0, 0]), ("fc.weight", [0, 0]))),
            new SiteUpdate("shape", 1000, Of(("conv.weight", [0, 0, 0]), ("fc.weight", [0, 0]))),
            new SiteUpdate("good-2", 3, Of(("conv.weight", [5, 5, 5, 5]), ("fc.weight", [6, 6]))),
        ]);

        // (1·1 + 3·5)/4 = 4; (1·2 + 3·6)/4 = 5
        Assert.Equal([4f, 4f, 4f, 4f], result.Weights.Floats("conv.weight"));
        Assert.Equal([5f, 5f], result.Weights.Floats("fc.weight"));
        var byId = result.Sites.ToDictionary(s => s.SiteId);
        Assert.False(byId["nan"].Included);
        Assert.Equal("Tensor 'conv.weight' holds 1 NaN value (of 4).", byId["nan"].Reason);
        Assert.False(byId["shape"].Included);
        Assert.Equal("The update's architecture differs from the global model: 'conv.weight' is F32 [3], expected F32 [4].", byId["shape"].Reason);
        Assert.Equal(0, byId["nan"].Share);
    }

    [Fact]
    public void A_second_update_from_one_site_and_an_update_without_samples_are_left_out()
    {
        var result = Aggregator.Aggregate(new AggregationSettings(), Vector(0),
            [Site("a", 1, 2), Site("a", 1, 50), Site("b", 0, 70), Site("c", 1, 4)]);

        Assert.Equal(3f, result.Weights.Floats(0)[0]); // (2 + 4)/2
        Assert.Equal("A second update from this site in the round; only the first one counts.", result.Sites[1].Reason);
        Assert.Equal("The site reports 0 training samples.", result.Sites[2].Reason);
    }

    [Fact]
    public void A_round_where_every_update_is_rejected_cannot_be_aggregated_and_says_why()
    {
        var global = Vector(0);
        var plan = RoundPlanner.Plan(new AggregationSettings(), global.Layout,
            [new SiteSubmission("a", 5, UpdateInspector.Inspect(global, Vector(float.NaN)))]);

        Assert.Equal("None of the 1 update(s) can be aggregated: a: Tensor 'fc.weight' holds 1 NaN value (of 1).", plan.Blocker);
        Assert.Throws<InvalidOperationException>(() => Aggregator.Aggregate(plan, global, new Dictionary<string, WeightsView>()));
    }

    // Four changes from a zero global model: three of norm 1, one of norm 10. Median 1, factor 3 → threshold 3.
    private static readonly SiteUpdate[] OneOutlier =
        [Site("a", 1, 1, 0), Site("b", 1, 0, 1), Site("c", 1, -1, 0), Site("d", 1, 10, 0)];

    [Fact]
    public void An_update_whose_norm_is_far_above_the_rounds_median_is_rejected()
    {
        var settings = new AggregationSettings { NormOutliers = new NormOutlierPolicy(Factor: 3, NormOutlierAction.Reject) };
        var result = Aggregator.Aggregate(settings, Vector(0, 0), OneOutlier);

        // a, b, c only: ((1 + 0 − 1)/3, (0 + 1 + 0)/3) = (0, 1/3)
        Assert.Equal(0f, result.Weights.Floats(0)[0], 1e-7f);
        Assert.Equal(1f / 3, result.Weights.Floats(0)[1], 1e-7f);
        var d = result.Sites[3];
        Assert.False(d.Included);
        Assert.Equal("Update norm 10 is 10× the round's median 1 (limit 3×): rejected as an outlier.", d.Reason);
    }

    [Fact]
    public void An_outlier_can_be_clipped_to_the_threshold_instead()
    {
        var settings = new AggregationSettings { NormOutliers = new NormOutlierPolicy(Factor: 3, NormOutlierAction.Clip) };
        var result = Aggregator.Aggregate(settings, Vector(0, 0), OneOutlier);

        // d's change (10, 0) is scaled by 3/10 to (3, 0): ((1 + 0 − 1 + 3)/4, (0 + 1 + 0 + 0)/4) = (0.75, 0.25)
        Assert.Equal(0.75f, result.Weights.Floats(0)[0], 1e-7f);
        Assert.Equal(0.25f, result.Weights.Floats(0)[1], 1e-7f);
        Assert.True(result.Sites[3].Included);
        Assert.Equal(0.3, result.Sites[3].ClipFactor, 12);
        Assert.Equal("Update norm 10 is 10× the round's median 1 (limit 3×): clipped to 3.", result.Sites[3].Reason);
    }

    [Fact]
    public void Clipping_pulls_a_change_towards_the_global_model_not_towards_zero()
    {
        // global (10, 10); d moves by (10, 0) → clipped to (3, 0) → (13, 10). Others move by unit steps.
        // mean: ((11 + 10 + 9 + 13)/4, (10 + 11 + 10 + 10)/4) = (10.75, 10.25)
        var around = OneOutlier.Select(u => u with { Weights = Vector(10 + u.Weights.Floats(0)[0], 10 + u.Weights.Floats(0)[1]) }).ToList();
        var settings = new AggregationSettings { NormOutliers = new NormOutlierPolicy(3, NormOutlierAction.Clip) };
        var result = Aggregator.Aggregate(settings, Vector(10, 10), around);

        Assert.Equal(10.75f, result.Weights.Floats(0)[0], 1e-6f);
        Assert.Equal(10.25f, result.Weights.Floats(0)[1], 1e-6f);
    }

    [Fact]
    public void The_norm_screen_needs_enough_updates_to_know_what_is_usual()
    {
        var result = Aggregator.Aggregate(new AggregationSettings(), Vector(0, 0), OneOutlier[2..]);

        Assert.All(result.Sites, s => Assert.True(s.Included));
        Assert.Contains("Norm outlier screen skipped: 2 valid update(s), it needs 3.", result.Notes);
    }

    [Fact]
    public void Out_of_range_settings_are_refused_before_anything_is_read()
    {
        var layout = Vector(0).Layout;
        Assert.Contains("Trim fraction", Assert.Throws<ArgumentException>(() => RoundPlanner.Plan(new AggregationSettings { TrimFraction = 0.5 }, layout, [])).Message);
        Assert.Contains("Max site share", Assert.Throws<ArgumentException>(() => RoundPlanner.Plan(new AggregationSettings { MaxSiteShare = 0 }, layout, [])).Message);
        Assert.Contains("β1", Assert.Throws<ArgumentException>(() => RoundPlanner.Plan(new AggregationSettings { Beta1 = 1 }, layout, [])).Message);
    }
}
