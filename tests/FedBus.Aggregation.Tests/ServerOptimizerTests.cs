using FedBus.Aggregation.Strategies;
using static FedBus.Aggregation.Tests.Support.TestWeights;

namespace FedBus.Aggregation.Tests;

/// <summary>
/// Two rounds from w₀ = (0, 0): in round 1 the sites' mean moves by d₁ = (1, −2), in round 2 by d₂ = (0.5, 0.5) from
/// round 1's result. η = 0.1, β1 = 0.9, β2 = 0.99, τ = 0.001 (v₋₁ = τ² = 1e-6), no bias correction (Reddi et al. 2021).
/// The state travels between the rounds as bytes, as the service stores it.
/// </summary>
public class ServerOptimizerTests
{
    private static AggregationSettings Settings(StrategyKind kind) =>
        Unscreened(kind) with { ServerLearningRate = kind == StrategyKind.FedAvgM ? 1.0 : 0.1, Beta1 = 0.9, Beta2 = 0.99, Tau = 0.001, ServerMomentum = 0.9 };

    /// <summary>Round 1 and round 2, with the state persisted in between; returns both results.</summary>
    private static (float[] First, float[] Second, ServerState State) TwoRounds(StrategyKind kind)
    {
        var settings = Settings(kind);
        // Two sites whose sample-weighted mean is (1, −2): (3·2 + 1·(−2))/4 = 1, (3·(−2) + 1·(−2))/4 = −2
        var r1 = Aggregator.Aggregate(settings, Vector(0, 0), [Site("a", 3, 2, -2), Site("b", 1, -2, -2)], ServerState.CreateInitial());
        var w1 = r1.Weights.Floats(0).ToArray();
        var stored = r1.State.ToBytes();

        var r2 = Aggregator.Aggregate(settings, Vector(w1), [Site("a", 1, w1[0] + 0.5f, w1[1] + 0.5f)], ServerState.FromBytes(stored));
        return (w1, r2.Weights.Floats(0), r2.State);
    }

    [Fact]
    public void FedAdam_carries_its_moments_across_rounds()
    {
        var (w1, w2, state) = TwoRounds(StrategyKind.FedAdam);
        // round 1: m = 0.1·d = (0.1, −0.2); v = 0.99·1e-6 + 0.01·d² = (0.01000099, 0.04000099)
        //   w₁ = 0.1·m/(√v + 0.001) = (0.1·0.1/0.10100495, 0.1·(−0.2)/0.20100248) = (0.0990050, −0.0995013)
        Assert.Equal(0.0990050f, w1[0], 1e-6f);
        Assert.Equal(-0.0995013f, w1[1], 1e-6f);
        // round 2: m = 0.9·m + 0.1·0.5 = (0.14, −0.13); v = 0.99·v + 0.01·0.25 = (0.01240098, 0.04210098)
        //   w₂ = w₁ + 0.1·m/(√v + 0.001) = (0.0990050 + 0.1245998, −0.0995013 − 0.0630501) = (0.2236049, −0.1625514)
        Assert.Equal(0.2236049f, w2[0], 1e-6f);
        Assert.Equal(-0.1625514f, w2[1], 1e-6f);
        Assert.Equal(0.14f, state.Buffer("m/fc.weight")[0], 1e-6f);
        Assert.Equal(0.04210098f, state.Buffer("v/fc.weight")[1], 1e-7f);
        Assert.Equal(2, state.Rounds);
        Assert.Equal(StrategyKind.FedAdam, state.Optimizer);
    }

    [Fact]
    public void FedAdams_second_round_differs_without_the_first_rounds_state()
    {
        var (w1, w2, _) = TwoRounds(StrategyKind.FedAdam);
        var fresh = Aggregator.Aggregate(Settings(StrategyKind.FedAdam), Vector(w1), [Site("a", 1, w1[0] + 0.5f, w1[1] + 0.5f)]);
        // From fresh moments: m = 0.1·0.5 = 0.05, v = 0.99e-6 + 0.01·0.25 = 0.00250099
        //   step = 0.1·0.05/(√0.00250099 + 0.001) = 0.005/0.0510099 = 0.0980202, instead of 0.1245998 with round 1's state
        Assert.Equal(w1[0] + 0.0980202f, fresh.Weights.Floats(0)[0], 1e-6f);
        Assert.NotEqual(w2[0], fresh.Weights.Floats(0)[0], 1e-3f);
    }

    [Fact]
    public void FedYogi_carries_its_moments_across_rounds()
    {
        var (w1, w2, _) = TwoRounds(StrategyKind.FedYogi);
        // round 1: v = 1e-6 − 0.01·d²·sign(1e-6 − d²) = 1e-6 + 0.01·d² = (0.010001, 0.040001) → w₁ = (0.0990050, −0.0995012)
        Assert.Equal(0.0990050f, w1[0], 1e-6f);
        Assert.Equal(-0.0995012f, w1[1], 1e-6f);
        // round 2: d² = 0.25 > v → v = v + 0.01·0.25 = (0.012501, 0.042501); m = (0.14, −0.13)
        //   w₂ = w₁ + 0.1·m/(√v + 0.001) = (0.2231098, −0.1622554)
        Assert.Equal(0.2231098f, w2[0], 1e-6f);
        Assert.Equal(-0.1622554f, w2[1], 1e-6f);
    }

    [Fact]
    public void FedAdagrad_carries_its_accumulated_squares_across_rounds()
    {
        var (w1, w2, state) = TwoRounds(StrategyKind.FedAdagrad);
        // round 1: v = 1e-6 + d² = (1.000001, 4.000001); m = (0.1, −0.2) → w₁ = 0.1·m/(√v + 0.001) = (0.0099900, −0.0099950)
        Assert.Equal(0.0099900f, w1[0], 1e-6f);
        Assert.Equal(-0.0099950f, w1[1], 1e-6f);
        // round 2: v = (1.250001, 4.250001); m = (0.14, −0.13) → w₂ = (0.0225008, −0.0162979)
        Assert.Equal(0.0225008f, w2[0], 1e-6f);
        Assert.Equal(-0.0162979f, w2[1], 1e-6f);
        Assert.Equal(4.250001f, state.Buffer("v/fc.weight")[1], 1e-5f);
    }

    [Fact]
    public void FedAvgM_carries_its_velocity_across_rounds()
    {
        var (w1, w2, state) = TwoRounds(StrategyKind.FedAvgM);
        // round 1: v = d₁ = (1, −2), w₁ = 0 + 1·v = (1, −2)
        Assert.Equal([1f, -2f], w1);
        // round 2: v = 0.9·(1, −2) + (0.5, 0.5) = (1.4, −1.3), w₂ = (1, −2) + (1.4, −1.3) = (2.4, −3.3)
        Assert.Equal(2.4f, w2[0], 1e-6f);
        Assert.Equal(-3.3f, w2[1], 1e-6f);
        Assert.Equal(1.4f, state.Buffer("m/fc.weight")[0], 1e-6f);
    }

    [Fact]
    public void A_state_handed_to_a_round_cannot_be_used_again()
    {
        var state = ServerState.CreateInitial();
        Aggregator.Aggregate(Settings(StrategyKind.FedAdam), Vector(0, 0), [Site("a", 1, 1, 1)], state);

        var error = Assert.Throws<InvalidOperationException>(() => Aggregator.Aggregate(Settings(StrategyKind.FedAdam), Vector(0, 0), [Site("a", 1, 1, 1)], state));
        Assert.Contains("consumed", error.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => state.ToBytes());
    }

    [Fact]
    public void Switching_optimizer_starts_its_buffers_fresh_and_says_so()
    {
        var adam = Aggregator.Aggregate(Settings(StrategyKind.FedAdam), Vector(0, 0), [Site("a", 1, 1, -2)]);
        var yogi = Aggregator.Aggregate(Settings(StrategyKind.FedYogi), Vector(0, 0), [Site("a", 1, 1, -2)], adam.State);

        Assert.Contains("Server optimizer state reset: it belonged to FedAdam, this round uses FedYogi.", yogi.Notes);
        Assert.Equal(0.0990050f, yogi.Weights.Floats(0)[0], 1e-6f); // as Yogi's first round above
        Assert.Equal(StrategyKind.FedYogi, yogi.State.Optimizer);
    }

    [Fact]
    public void Server_state_bytes_that_are_not_a_state_are_refused()
    {
        var weights = FedBus.Learning.Weights.SafeTensors.ToBytes(Vector(1).ToWeightSet(), new("unet2d-v1", "1", "", "test"));
        var error = Assert.Throws<InvalidDataException>(() => ServerState.FromBytes(weights));
        Assert.Contains("Not a FedBus server state", error.Message, StringComparison.Ordinal);
    }
}
