using FedBus.Aggregation.Strategies;
using static FedBus.Aggregation.Tests.Support.TestWeights;

namespace FedBus.Aggregation.Tests;

public class DifferentialPrivacyTests
{
    [Fact]
    public void Each_change_is_clipped_to_C_and_the_sites_are_averaged_with_equal_weights()
    {
        // C = 1. a moves by (3, 4) (norm 5 → scaled by 1/5 to (0.6, 0.8)), b by (0.5, 0) (norm 0.5, untouched).
        // Equal shares whatever the sample counts: ((0.6 + 0.5)/2, (0.8 + 0)/2) = (0.55, 0.4), plus noise of std
        // σ·C/K = 1e-4·1/2 — far below the tolerance here.
        var settings = new AggregationSettings { Privacy = new DifferentialPrivacySettings(ClipNorm: 1, NoiseMultiplier: 1e-4) };
        var result = Aggregator.Aggregate(settings, Vector(0, 0), [Site("a", 100, 3, 4), Site("b", 1, 0.5f, 0)], noiseSeed: 1);

        Assert.Equal(0.55f, result.Weights.Floats(0)[0], 1e-3f);
        Assert.Equal(0.4f, result.Weights.Floats(0)[1], 1e-3f);
        Assert.Equal([0.2, 1.0], result.Sites.Select(s => Math.Round(s.ClipFactor, 12)));
        Assert.Equal([0.5, 0.5], result.Sites.Select(s => s.Share));
        Assert.Equal("Clipped for differential privacy: norm 5 scaled to C = 1.", result.Sites[0].Reason);
    }

    [Fact]
    public void The_noise_on_the_average_has_standard_deviation_sigma_C_over_K()
    {
        // Four sites that send the global model back unchanged: the aggregate minus the global model is the noise alone.
        // σ = 1.5, C = 0.8, K = 4 → std 1.5·0.8/4 = 0.3. Over n = 200,000 coordinates the sample std has a relative
        // standard error of 1/√(2n) ≈ 0.16 %, the mean a standard error of 0.3/√n ≈ 0.00067, and the share within ±1 std
        // (0.6827 for a normal) one of ≈ 0.001.
        const int n = 200_000;
        var global = Vector(Random(n, 3));
        var settings = new AggregationSettings { Privacy = new DifferentialPrivacySettings(0.8, 1.5) };
        var sites = Enumerable.Range(0, 4).Select(i => new SiteUpdate($"s{i}", 1, global)).ToList();

        var result = Aggregator.Aggregate(settings, global, sites, noiseSeed: 2024);
        var noise = result.Weights.Floats(0).Zip(global.Floats(0).ToArray(), (w, g) => (double)w - g).ToArray();
        double mean = noise.Average();
        double std = Math.Sqrt(noise.Sum(x => (x - mean) * (x - mean)) / (n - 1));
        double withinOne = noise.Count(x => Math.Abs(x) <= 0.3) / (double)n;

        Assert.Equal(0.3, result.Privacy!.NoiseStdDev, 12);
        Assert.InRange(std, 0.3 * 0.99, 0.3 * 1.01);
        Assert.InRange(mean, -0.003, 0.003);
        Assert.InRange(withinOne, 0.6827 - 0.005, 0.6827 + 0.005);

        var again = Aggregator.Aggregate(settings, global, sites, noiseSeed: 2024).Weights.Floats(0);
        var unseeded = Aggregator.Aggregate(settings, global, sites).Weights.Floats(0);
        Assert.Equal(result.Weights.Floats(0), again);
        Assert.NotEqual(result.Weights.Floats(0), unseeded);
    }

    [Fact]
    public void The_accountant_gives_the_hand_computed_epsilon_for_one_round()
    {
        // σ = 1, one round: A = 1/(2σ²) = 0.5; ln(1/δ) = ln(10⁵) = 11.512925
        // ε = A + 2·√(A·ln(1/δ)) = 0.5 + 2·√5.7564627 = 0.5 + 2·2.3992630 = 5.2985259, at α = 1 + √(11.512925/0.5) = 5.7985259
        var (epsilon, order) = GaussianRdpAccountant.Epsilon(GaussianRdpAccountant.RoundCoefficient(1.0), 1e-5);
        Assert.Equal(5.2985259, epsilon, 6);
        Assert.Equal(5.7985259, order, 6);
        // and ε(α) = A·α + ln(1/δ)/(α − 1) is indeed no lower at neighbouring orders
        Assert.True(0.5 * 5.5 + 11.512925 / 4.5 > epsilon && 0.5 * 6.1 + 11.512925 / 5.1 > epsilon);
    }

    [Fact]
    public void Epsilon_accumulates_over_rounds_through_the_stored_server_state()
    {
        // σ = 2, ten rounds: A = 10/(2·4) = 1.25 → ε = 1.25 + 2·√(1.25·11.512925) = 1.25 + 2·3.7935678 = 8.8371356
        var settings = new AggregationSettings { Privacy = new DifferentialPrivacySettings(ClipNorm: 1, NoiseMultiplier: 2, Delta: 1e-5) };
        var state = ServerState.CreateInitial();
        PrivacyReport? report = null;
        double previous = 0;
        for (int round = 1; round <= 10; round++)
        {
            var result = Aggregator.Aggregate(settings, Vector(0), [Site("a", 1, 1), Site("b", 1, 2)], state, noiseSeed: round);
            report = result.Privacy!;
            Assert.Equal(round, report.Rounds);
            Assert.True(report.Epsilon > previous);
            previous = report.Epsilon;
            state = ServerState.FromBytes(result.State.ToBytes());
        }
        Assert.Equal(8.8371356, report!.Epsilon, 6);
        Assert.Equal(2, report.NoiseMultiplier);
        Assert.Equal(1.0, report.NoiseStdDev, 12); // σ·C/K = 2·1/2 = 1
        Assert.Equal(1.25, state.Privacy.RdpCoefficient, 12);
    }

    [Fact]
    public void Differential_privacy_is_refused_with_an_order_statistic()
    {
        var settings = new AggregationSettings { Strategy = StrategyKind.Krum, Privacy = new DifferentialPrivacySettings(1, 1) };
        var error = Assert.Throws<ArgumentException>(() => RoundPlanner.Plan(settings, Vector(0).Layout, []));
        Assert.Contains("mean-based strategies only", error.Message, StringComparison.Ordinal);
    }
}
