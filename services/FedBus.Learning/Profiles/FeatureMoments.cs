namespace FedBus.Learning.Profiles;

/// <summary>
/// The first and second moments of a feature vector over a set of images: count n, mean E[x] and E[x xᵀ]. Moments of
/// several sites pool exactly by sample-weighted averaging (<see cref="Pool"/>) — no image leaves a site, yet the
/// pooled mean and covariance equal those of all images together. <see cref="Distance"/> is the Mahalanobis
/// distance of a new vector from them, on standardised features with a shrunk correlation matrix (stable with a
/// few hundred images and dozens of features).
/// </summary>
public sealed class FeatureMoments
{
    /// <summary>Weight of the identity in the shrunk correlation matrix (1 = features treated as independent).</summary>
    public const double DefaultShrinkage = 0.1;

    private readonly Lazy<Whitening> whitening;

    public FeatureMoments(long count, double[] mean, double[] secondMoment)
    {
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(secondMoment);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        if (mean.Length == 0) throw new ArgumentException("Moments need at least one feature.", nameof(mean));
        if (secondMoment.Length != mean.Length * mean.Length)
            throw new ArgumentException($"A second moment of {mean.Length} features has {mean.Length * mean.Length} values, got {secondMoment.Length}.", nameof(secondMoment));
        if (mean.Any(v => !double.IsFinite(v)) || secondMoment.Any(v => !double.IsFinite(v)))
            throw new ArgumentException("Moments must be finite.", nameof(mean));
        Count = count;
        Mean = mean;
        SecondMoment = secondMoment;
        whitening = new Lazy<Whitening>(() => Whitening.From(this, DefaultShrinkage));
    }

    public long Count { get; }

    public int Dimension => Mean.Length;

    /// <summary>E[x]; treat as read-only.</summary>
    public double[] Mean { get; }

    /// <summary>E[x xᵀ], row-major Dimension × Dimension; treat as read-only.</summary>
    public double[] SecondMoment { get; }

    /// <summary>Standard deviation of feature <paramref name="i"/> (population).</summary>
    public double StandardDeviation(int i) => Math.Sqrt(Math.Max(0, SecondMoment[i * Dimension + i] - Mean[i] * Mean[i]));

    public static FeatureMoments FromSamples(IEnumerable<double[]> samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        double[]? mean = null, second = null;
        long n = 0;
        foreach (var x in samples)
        {
            mean ??= new double[x.Length];
            second ??= new double[x.Length * x.Length];
            if (x.Length != mean.Length) throw new ArgumentException($"Sample {n} has {x.Length} features, the first had {mean.Length}.", nameof(samples));
            var d = x.Length;
            for (var i = 0; i < d; i++)
            {
                mean[i] += x[i];
                for (var j = 0; j < d; j++) second[i * d + j] += x[i] * x[j];
            }
            n++;
        }
        if (n == 0 || mean is null || second is null) throw new ArgumentException("No samples.", nameof(samples));
        for (var i = 0; i < mean.Length; i++) mean[i] /= n;
        for (var i = 0; i < second.Length; i++) second[i] /= n;
        return new FeatureMoments(n, mean, second);
    }

    /// <summary>The moments of the union of the sets behind <paramref name="parts"/> (sample-weighted average).</summary>
    public static FeatureMoments Pool(IEnumerable<FeatureMoments> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        var list = parts.ToList();
        if (list.Count == 0) throw new ArgumentException("Nothing to pool.", nameof(parts));
        var d = list[0].Dimension;
        if (list.Any(p => p.Dimension != d))
            throw new ArgumentException($"Moments of {string.Join(", ", list.Select(p => p.Dimension).Distinct())} features cannot be pooled.", nameof(parts));
        long n = list.Sum(p => p.Count);
        var mean = new double[d];
        var second = new double[d * d];
        foreach (var p in list)
        {
            var w = (double)p.Count / n;
            for (var i = 0; i < d; i++) mean[i] += w * p.Mean[i];
            for (var i = 0; i < d * d; i++) second[i] += w * p.SecondMoment[i];
        }
        return new FeatureMoments(n, mean, second);
    }

    /// <summary>
    /// Root-mean-square Mahalanobis distance of <paramref name="x"/> from these moments: √(d²/dimension), so ≈ 1 for
    /// a typical member of the set whatever the number of features, and growing with how unfamiliar x is.
    /// </summary>
    public double Distance(ReadOnlySpan<double> x) => whitening.Value.Distance(x);

    /// <summary>Per-feature z-scores of <paramref name="x"/> (for saying which feature is off).</summary>
    public double[] ZScores(ReadOnlySpan<double> x) => whitening.Value.ZScores(x);

    /// <summary>Standardised features, a shrunk correlation matrix and its Cholesky factor.</summary>
    private sealed class Whitening(double[] mean, double[] scale, double[] cholesky)
    {
        public static Whitening From(FeatureMoments m, double shrinkage)
        {
            var d = m.Dimension;
            var sd = new double[d];
            for (var i = 0; i < d; i++) sd[i] = m.StandardDeviation(i);
            // A feature that never varied in training gets a floor, so any change in it is large but finite.
            var typical = sd.Where(s => s > 0).DefaultIfEmpty(1).Average();
            for (var i = 0; i < d; i++) sd[i] = Math.Max(sd[i], 1e-3 * typical + 1e-12);
            var r = new double[d * d];
            for (var i = 0; i < d; i++)
            {
                for (var j = 0; j < d; j++)
                {
                    var cov = m.SecondMoment[i * d + j] - m.Mean[i] * m.Mean[j];
                    var corr = i == j ? 1 : Math.Clamp(cov / (sd[i] * sd[j]), -1, 1);
                    r[i * d + j] = (1 - shrinkage) * corr + (i == j ? shrinkage : 0);
                }
            }
            return new Whitening(m.Mean, sd, Cholesky(r, d));
        }

        public double[] ZScores(ReadOnlySpan<double> x)
        {
            if (x.Length != mean.Length) throw new ArgumentException($"{x.Length} features given, the moments have {mean.Length}.", nameof(x));
            var z = new double[x.Length];
            for (var i = 0; i < z.Length; i++) z[i] = double.IsFinite(x[i]) ? (x[i] - mean[i]) / scale[i] : 1e6;
            return z;
        }

        public double Distance(ReadOnlySpan<double> x)
        {
            var z = ZScores(x);
            var d = z.Length;
            // Solve L y = z; d² = |y|².
            double sum = 0;
            var y = new double[d];
            for (var i = 0; i < d; i++)
            {
                var s = z[i];
                for (var k = 0; k < i; k++) s -= cholesky[i * d + k] * y[k];
                y[i] = s / cholesky[i * d + i];
                sum += y[i] * y[i];
            }
            return Math.Sqrt(sum / d);
        }

        private static double[] Cholesky(double[] a, int d)
        {
            var l = new double[d * d];
            for (var i = 0; i < d; i++)
            {
                for (var j = 0; j <= i; j++)
                {
                    var s = a[i * d + j];
                    for (var k = 0; k < j; k++) s -= l[i * d + k] * l[j * d + k];
                    l[i * d + j] = i == j ? Math.Sqrt(Math.Max(s, 1e-9)) : s / l[j * d + j];
                }
            }
            return l;
        }
    }
}
