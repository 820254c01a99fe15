namespace FedBus.BrainMri.Tests;

public sealed class DeterministicRandomTests
{
    [Theory]
    [InlineData(0.1)]
    [InlineData(0.5)]
    [InlineData(3.0)]
    public void Gamma_draws_have_mean_and_variance_equal_to_the_shape(double shape)
    {
        var rng = new DeterministicRandom(99);
        const int n = 40_000;
        var draws = Enumerable.Range(0, n).Select(_ => rng.NextGamma(shape)).ToArray();

        double mean = draws.Average(), variance = draws.Average(x => (x - mean) * (x - mean));
        // Standard error of the mean is √(shape/n); allow five of them.
        Assert.InRange(mean, shape - 5 * Math.Sqrt(shape / n), shape + 5 * Math.Sqrt(shape / n));
        Assert.InRange(variance, shape * 0.85, shape * 1.15);
    }

    [Fact]
    public void Dirichlet_draws_sum_to_one_and_concentrate_with_small_alpha()
    {
        var rng = new DeterministicRandom(7);

        double MeanMax(double alpha) => Enumerable.Range(0, 2000).Average(_ =>
        {
            var p = rng.NextDirichlet(4, alpha);
            Assert.InRange(p.Sum(), 1 - 1e-9, 1 + 1e-9);
            return p.Max();
        });

        Assert.True(MeanMax(0.05) > 0.9);
        Assert.True(MeanMax(100) < 0.35);
    }

    [Fact]
    public void Derived_seeds_depend_on_both_the_seed_and_the_key()
    {
        Assert.Equal(DeterministicRandom.Derive(1, "ch2/axial/001"), DeterministicRandom.Derive(1, "ch2/axial/001"));
        Assert.NotEqual(DeterministicRandom.Derive(1, "ch2/axial/001"), DeterministicRandom.Derive(2, "ch2/axial/001"));
        Assert.NotEqual(DeterministicRandom.Derive(1, "ch2/axial/001"), DeterministicRandom.Derive(1, "ch2/axial/002"));
    }
}
