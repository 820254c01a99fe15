using FedBus.Aggregation.Profiles;
using FedBus.Learning.Weights;

namespace FedBus.Aggregation.Tests.Service.Support;

/// <summary>What a sample-weighted FedAvg of the scripted sites must give, computed tensor by tensor in the test.</summary>
public static class ExpectedWeights
{
    /// <summary>Asserts <paramref name="actual"/>'s network tensors are the base + Σ nₛ·offsetₛ / Σ nₛ.</summary>
    public static void AssertFedAvg(WeightSet @base, WeightSet actual, params SiteScript[] sites)
    {
        double shift = sites.Sum(s => (double)s.Samples * s.Offset) / sites.Sum(s => (double)s.Samples);
        var network = @base.Where(kv => !ProfileTensors.IsProfile(kv.Key)).ToList();
        Assert.Equal(network.Select(kv => kv.Key), actual.Keys.Where(k => !ProfileTensors.IsProfile(k)));
        foreach (var (name, t) in network)
        {
            var a = actual[name];
            Assert.True(t.HasSameLayout(a), name);
            if (t.DType == WeightDType.I64)
            {
                Assert.Equal(t.Int64Values, a.Int64Values);
                continue;
            }
            for (int i = 0; i < t.Values.Length; i++)
                Assert.True(Math.Abs(t.Values[i] + shift - a.Values[i]) < 1e-5, $"{name}[{i}] = {a.Values[i]}, expected {t.Values[i] + shift}");
        }
    }
}
