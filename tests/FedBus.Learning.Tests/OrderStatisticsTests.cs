using FedBus.Learning.Profiles;

namespace FedBus.Learning.Tests;

public sealed class OrderStatisticsTests
{
    private static readonly double[] Qs = [0, 0.01, 0.10, 0.5, 0.5, 0.90, 0.99, 1];

    public static TheoryData<string, float[]> Inputs()
    {
        var random = new Random(7);
        var data = new TheoryData<string, float[]>
        {
            { "one value", [3f] },
            { "two values", [5f, -1f] },
            { "three values", [2f, 9f, 2f] },
            { "all equal", Enumerable.Repeat(0.25f, 1000).ToArray() },
            { "ascending", Enumerable.Range(0, 777).Select(i => (float)i).ToArray() },
            { "descending", Enumerable.Range(0, 777).Select(i => (float)-i).ToArray() },
        };
        // An MR slice's shape: most pixels one background value, the rest spread out.
        data.Add("mostly background", Enumerable.Range(0, 4096).Select(i => i % 5 == 0 ? (float)random.NextDouble() : -0.8f).ToArray());
        data.Add("uniform noise", Enumerable.Range(0, 4096).Select(_ => (float)random.NextDouble() * 10 - 5).ToArray());
        data.Add("few distinct values", Enumerable.Range(0, 3001).Select(_ => (float)random.Next(4)).ToArray());
        return data;
    }

    [Theory]
    [MemberData(nameof(Inputs))]
    public void Quantiles_by_selection_equal_those_of_the_sorted_values_exactly(string shape, float[] values)
    {
        var sorted = values.Order().ToArray();
        var expected = Qs.Select(q =>
        {
            var pos = q * (sorted.Length - 1);
            var lo = (int)Math.Floor(pos);
            var hi = Math.Min(lo + 1, sorted.Length - 1);
            return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
        }).ToArray();

        var actual = OrderStatistics.Quantiles((float[])values.Clone(), Qs);

        Assert.True(expected.SequenceEqual(actual), $"{shape}: expected {string.Join(", ", expected)}, got {string.Join(", ", actual)}");
    }

    [Fact]
    public void Quantiles_out_of_order_are_refused()
    {
        Assert.Throws<ArgumentException>(() => OrderStatistics.Quantiles(new float[] { 1, 2, 3 }, [0.9, 0.1]));
    }
}
