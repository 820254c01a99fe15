namespace FedBus.BrainMri;

/// <summary>
/// xoshiro256** seeded through SplitMix64: the same seed gives the same stream on every runtime and
/// platform (System.Random's algorithm is an implementation detail), so site pools and noise are
/// reproducible from a number.
/// </summary>
public sealed class DeterministicRandom
{
    private ulong _s0, _s1, _s2, _s3;
    private double? _spareGaussian;

    public DeterministicRandom(ulong seed)
    {
        _s0 = SplitMix(ref seed);
        _s1 = SplitMix(ref seed);
        _s2 = SplitMix(ref seed);
        _s3 = SplitMix(ref seed);
    }

    /// <summary>A seed from a base seed and a text key (e.g. a case id), stable across processes.</summary>
    public static ulong Derive(long seed, string key)
    {
        // FNV-1a over the key, mixed with the seed; string.GetHashCode is randomised per process.
        ulong h = 14695981039346656037UL ^ unchecked((ulong)seed);
        foreach (char c in key)
        {
            h ^= c;
            h *= 1099511628211UL;
        }
        return SplitMix(ref h);
    }

    public ulong NextUInt64()
    {
        ulong result = RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform integer in [0, maxExclusive).</summary>
    public int NextInt(int maxExclusive)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxExclusive);
        return (int)(NextDouble() * maxExclusive);
    }

    /// <summary>Standard normal (Box–Muller, pairs cached).</summary>
    public double NextGaussian()
    {
        if (_spareGaussian is { } spare)
        {
            _spareGaussian = null;
            return spare;
        }
        double u1 = 1.0 - NextDouble(); // (0, 1]
        double u2 = NextDouble();
        double r = Math.Sqrt(-2.0 * Math.Log(u1));
        _spareGaussian = r * Math.Sin(2 * Math.PI * u2);
        return r * Math.Cos(2 * Math.PI * u2);
    }

    /// <summary>Gamma(shape, 1) by Marsaglia–Tsang; shapes below 1 use the U^(1/shape) boost.</summary>
    public double NextGamma(double shape)
    {
        if (!(shape > 0) || double.IsInfinity(shape))
            throw new ArgumentOutOfRangeException(nameof(shape), shape, "Gamma shape must be a positive finite number.");
        if (shape < 1)
        {
            double u = 1.0 - NextDouble();
            return NextGamma(shape + 1) * Math.Pow(u, 1.0 / shape);
        }
        double d = shape - 1.0 / 3, c = 1.0 / Math.Sqrt(9 * d);
        while (true)
        {
            double x, v;
            do
            {
                x = NextGaussian();
                v = 1 + c * x;
            }
            while (v <= 0);
            v = v * v * v;
            double u = 1.0 - NextDouble();
            if (Math.Log(u) < 0.5 * x * x + d - d * v + d * Math.Log(v))
                return d * v;
        }
    }

    /// <summary>A draw from the symmetric Dirichlet(α, …, α) over <paramref name="k"/> categories.</summary>
    public double[] NextDirichlet(int k, double alpha)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        var p = new double[k];
        double sum = 0;
        for (int i = 0; i < k; i++)
            sum += p[i] = NextGamma(alpha);
        if (sum <= 0)
        {
            // All draws underflowed (tiny α): the limit is all mass on one category.
            p[NextInt(k)] = 1;
            return p;
        }
        for (int i = 0; i < k; i++)
            p[i] /= sum;
        return p;
    }

    /// <summary>Fisher–Yates shuffle in place.</summary>
    public void Shuffle<T>(IList<T> items)
    {
        for (int i = items.Count - 1; i > 0; i--)
        {
            int j = NextInt(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    private static ulong RotateLeft(ulong x, int k) => (x << k) | (x >> (64 - k));

    private static ulong SplitMix(ref ulong state)
    {
        ulong z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
