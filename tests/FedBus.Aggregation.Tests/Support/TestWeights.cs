using FedBus.Aggregation.Strategies;
using FedBus.Learning.Weights;

namespace FedBus.Aggregation.Tests.Support;

/// <summary>Small hand-written weight sets for the strategy tests.</summary>
internal static class TestWeights
{
    /// <summary>One float tensor named <c>fc.weight</c> holding <paramref name="values"/>.</summary>
    public static WeightsView Vector(params float[] values) =>
        WeightsView.Of(new WeightSet([new("fc.weight", WeightTensor.Float32([values.Length], values))]));

    public static SiteUpdate Site(string id, long samples, params float[] values) => new(id, samples, Vector(values));

    public static WeightsView Of(params (string Name, float[] Values)[] tensors) =>
        WeightsView.Of(new WeightSet(tensors.Select(t => new KeyValuePair<string, WeightTensor>(t.Name, WeightTensor.Float32([t.Values.Length], t.Values)))));

    /// <summary>Deterministic pseudo-random values (xorshift), for tests where only equality between two paths matters.</summary>
    public static float[] Random(int count, int seed, float scale = 1f)
    {
        uint s = (uint)seed * 2654435761u + 1;
        var v = new float[count];
        for (int i = 0; i < count; i++)
        {
            s ^= s << 13;
            s ^= s >> 17;
            s ^= s << 5;
            v[i] = ((s >> 8) / (float)(1 << 24) - 0.5f) * 2 * scale;
        }
        return v;
    }

    /// <summary>No outlier screen, so a test sees what the strategy itself does with a poisoned update.</summary>
    public static AggregationSettings Unscreened(StrategyKind strategy) => new() { Strategy = strategy, NormOutliers = null };
}
