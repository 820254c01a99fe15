using FedBus.Aggregation.Profiles;
using FedBus.Learning.Weights;

namespace FedBus.Aggregation.Tests.Service;

/// <summary>The image profile's tensors are pooled as sample-weighted means, apart from the strategies.</summary>
public sealed class ProfilePoolingTests
{
    [Fact]
    public void A_group_with_a_count_is_weighted_by_it_and_its_counts_add_up()
    {
        var pooled = ProfileTensors.Pool([
            new SiteProfile("a", SampleCount: 999, Group("profile.image", count: 30, mean: [1f, 2f], second: [1f, 4f])),
            new SiteProfile("b", SampleCount: 1, Group("profile.image", count: 10, mean: [5f, 6f], second: [25f, 36f])),
        ]);

        Assert.Equal([40L], pooled.Tensors["profile.image.count"].Int64Values);
        Assert.Equal([2f, 3f], pooled.Tensors["profile.image.mean"].Values);           // (30·1 + 10·5) / 40, (30·2 + 10·6) / 40
        Assert.Equal([7f, 12f], pooled.Tensors["profile.image.second_moment"].Values); // (30·1 + 10·25) / 40, (30·4 + 10·36) / 40
        Assert.Equal(["a", "b"], pooled.Sites);
    }

    [Fact]
    public void A_group_without_a_count_is_weighted_by_the_sites_training_samples()
    {
        var pooled = ProfileTensors.Pool([
            new SiteProfile("a", 3, Set(("profile.triage.bias", [0f]))),
            new SiteProfile("b", 1, Set(("profile.triage.bias", [4f]))),
        ]);

        Assert.Equal([1f], pooled.Tensors["profile.triage.bias"].Values);
    }

    [Fact]
    public void A_site_with_another_layout_or_non_finite_values_is_left_out_of_that_group_with_a_note()
    {
        var pooled = ProfileTensors.Pool([
            new SiteProfile("a", 1, Group("profile.image", 10, [1f, 1f], [1f, 1f])),
            new SiteProfile("b", 1, Group("profile.image", 10, [1f, 1f, 1f], [1f, 1f, 1f])),
            new SiteProfile("c", 1, Group("profile.image", 10, [float.NaN, 1f], [1f, 1f])),
        ]);

        Assert.Equal([10L], pooled.Tensors["profile.image.count"].Int64Values);
        Assert.Equal(["a"], pooled.Sites);
        Assert.Contains(pooled.Notes, n => n.Contains("site b has another layout", StringComparison.Ordinal));
        Assert.Contains(pooled.Notes, n => n.Contains("site c holds non-finite values", StringComparison.Ordinal));
    }

    [Fact]
    public void Groups_no_site_sent_are_kept_from_the_base_model()
    {
        var previous = Group("profile.output", 5, [0.5f], [0.25f]);

        var pooled = ProfileTensors.Pool([new SiteProfile("a", 1, Group("profile.image", 10, [1f], [1f]))], previous);

        Assert.Equal([0.5f], pooled.Tensors["profile.output.mean"].Values);
        Assert.Equal([1f], pooled.Tensors["profile.image.mean"].Values);
    }

    [Fact]
    public void The_network_view_leaves_the_profile_out()
    {
        var weights = Set(("conv.weight", [1f, 2f]), ("profile.image.mean", [3f]));
        var view = Strategies.WeightsView.Of(weights);

        Assert.Equal(["conv.weight"], ProfileTensors.Network(view).Layout.Tensors.Select(t => t.Name));
        Assert.Equal([1f, 2f], ProfileTensors.Network(view).Floats(0).ToArray());
        Assert.Equal(["profile.image.mean"], ProfileTensors.CopyProfile(view).Keys);
    }

    private static WeightSet Group(string group, long count, float[] mean, float[] second) => new([
        new($"{group}.count", WeightTensor.Int64([1], [count])),
        new($"{group}.mean", WeightTensor.Float32([mean.Length], mean)),
        new($"{group}.second_moment", WeightTensor.Float32([second.Length], second)),
    ]);

    private static WeightSet Set(params (string Name, float[] Values)[] tensors) =>
        new(tensors.Select(t => new KeyValuePair<string, WeightTensor>(t.Name, WeightTensor.Float32([t.Values.Length], t.Values))));
}
