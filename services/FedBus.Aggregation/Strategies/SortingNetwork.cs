namespace FedBus.Aggregation.Strategies;

/// <summary>
/// Batcher's odd–even merge sort network for n inputs (built for the next power of two; comparators that touch a
/// padding slot are dropped — padding holds +∞ and never moves, so they are no-ops). Applied to K rows of a chunk,
/// each comparator is a lane-wise min/max over the row, so sorting K values per coordinate runs at SIMD width
/// without transposing the updates.
/// </summary>
internal sealed class SortingNetwork
{
    private SortingNetwork(int inputs, (int Lo, int Hi)[] comparators)
    {
        Inputs = inputs;
        Comparators = comparators;
    }

    public int Inputs { get; }

    /// <summary>Pairs (lo, hi), lo &lt; hi, in the order they must run.</summary>
    public IReadOnlyList<(int Lo, int Hi)> Comparators { get; }

    /// <summary>Built per round (a few dozen comparators for ten sites: cheaper than caching it).</summary>
    public static SortingNetwork For(int inputs)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inputs, 1);
        return new SortingNetwork(inputs, Build(inputs));
    }

    /// <summary>Sorts every column of the <see cref="Inputs"/> × <paramref name="width"/> row-major block ascending.</summary>
    public void SortColumns(Span<float> rows, int width)
    {
        foreach (var (lo, hi) in Comparators)
            TensorKernels.CompareExchange(rows.Slice(lo * width, width), rows.Slice(hi * width, width));
    }

    private static (int, int)[] Build(int n)
    {
        int size = 1;
        while (size < n) size <<= 1;
        var list = new List<(int, int)>();
        for (int p = 1; p < size; p <<= 1)
            for (int k = p; k >= 1; k >>= 1)
                for (int j = k % p; j <= size - 1 - k; j += 2 * k)
                    for (int i = 0; i <= Math.Min(k - 1, size - j - k - 1); i++)
                        if ((i + j) / (2 * p) == (i + j + k) / (2 * p) && i + j + k < n)
                            list.Add((i + j, i + j + k));
        return [.. list];
    }
}
