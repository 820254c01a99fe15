namespace FedBus.Learning.Signals;

/// <summary>
/// A logistic model over the standardised <see cref="TriageSignals"/> (log distances) that estimates the probability
/// that the model's prediction is poor: the combined TriageScore 0..1. Fitted where labels exist — a site's
/// validation cases, clean and under synthetic acquisition shifts (<see cref="CalibrationShift"/>) — and shipped in
/// the weight set with the profile. A signal that is missing (NaN) counts as its training mean.
/// </summary>
public sealed record TriageCombiner(double[] Mean, double[] Scale, double[] Weights, double Bias, long Count)
{
    /// <summary>L2 penalty on the standardised weights: keeps the fit stable with few poor examples.</summary>
    public const double DefaultL2 = 1.0;

    public double Score(ReadOnlySpan<double> signals)
    {
        var x = TriageSignals.CombinerInput(signals);
        if (x.Length != Weights.Length) throw new ArgumentException($"{x.Length} signals given, the combiner takes {Weights.Length}.", nameof(signals));
        var z = Bias;
        for (var i = 0; i < x.Length; i++)
            if (!double.IsNaN(x[i])) z += Weights[i] * (x[i] - Mean[i]) / Scale[i];
        return 1 / (1 + Math.Exp(-z));
    }

    /// <summary>Each signal's share of the score's log-odds (for naming what drove a high score).</summary>
    public double[] Contributions(ReadOnlySpan<double> signals)
    {
        var x = TriageSignals.CombinerInput(signals);
        var c = new double[x.Length];
        for (var i = 0; i < x.Length; i++) c[i] = double.IsNaN(x[i]) ? 0 : Weights[i] * (x[i] - Mean[i]) / Scale[i];
        return c;
    }

    /// <summary>
    /// Fits by Newton's method (IRLS) with an L2 penalty; null when the examples hold only one outcome (nothing to
    /// learn from). Deterministic.
    /// </summary>
    public static TriageCombiner? Fit(IReadOnlyList<double[]> signals, IReadOnlyList<bool> poor, double l2 = DefaultL2)
    {
        ArgumentNullException.ThrowIfNull(signals);
        ArgumentNullException.ThrowIfNull(poor);
        if (signals.Count != poor.Count) throw new ArgumentException($"{signals.Count} signal rows but {poor.Count} outcomes.");
        if (signals.Count == 0 || poor.All(p => p) || poor.All(p => !p)) return null;
        var rows = signals.Select(s => TriageSignals.CombinerInput(s)).ToList();
        int n = rows.Count, d = rows[0].Length;
        var mean = new double[d];
        var scale = new double[d];
        for (var j = 0; j < d; j++)
        {
            var column = rows.Select(r => r[j]).Where(v => !double.IsNaN(v)).ToList();
            mean[j] = column.Count == 0 ? 0 : column.Average();
            var sd = column.Count == 0 ? 0 : Math.Sqrt(column.Sum(v => (v - mean[j]) * (v - mean[j])) / column.Count);
            scale[j] = sd > 1e-9 ? sd : 1;
        }
        var z = rows.Select(r => r.Select((v, j) => double.IsNaN(v) ? 0 : (v - mean[j]) / scale[j]).ToArray()).ToList();

        // Parameters: weights 0..d-1, bias d (not penalised).
        var beta = new double[d + 1];
        for (var iteration = 0; iteration < 50; iteration++)
        {
            var gradient = new double[d + 1];
            var hessian = new double[(d + 1) * (d + 1)];
            for (var i = 0; i < n; i++)
            {
                var eta = beta[d];
                for (var j = 0; j < d; j++) eta += beta[j] * z[i][j];
                var p = 1 / (1 + Math.Exp(-eta));
                var residual = p - (poor[i] ? 1 : 0);
                var w = Math.Max(p * (1 - p), 1e-9);
                for (var j = 0; j <= d; j++)
                {
                    var zj = j == d ? 1 : z[i][j];
                    gradient[j] += residual * zj;
                    for (var k = 0; k <= d; k++) hessian[j * (d + 1) + k] += w * zj * (k == d ? 1 : z[i][k]);
                }
            }
            for (var j = 0; j < d; j++)
            {
                gradient[j] += l2 * beta[j];
                hessian[j * (d + 1) + j] += l2;
            }
            var step = Solve(hessian, gradient, d + 1);
            var size = 0.0;
            for (var j = 0; j <= d; j++) { beta[j] -= step[j]; size = Math.Max(size, Math.Abs(step[j])); }
            if (size < 1e-8) break;
        }
        return new TriageCombiner(mean, scale, beta[..d], beta[d], n);
    }

    /// <summary>The count-weighted average of several sites' combiners (an approximation of one fit on all their cases).</summary>
    public static TriageCombiner Pool(IReadOnlyList<TriageCombiner> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        if (parts.Count == 0) throw new ArgumentException("Nothing to pool.", nameof(parts));
        if (parts.Count == 1) return parts[0];
        long n = parts.Sum(p => p.Count);
        double[] Avg(Func<TriageCombiner, double[]> f) =>
            Enumerable.Range(0, f(parts[0]).Length).Select(j => parts.Sum(p => f(p)[j] * p.Count) / n).ToArray();
        // Average in the raw-signal space: weights per unit of signal, and the intercept that goes with them.
        var weightsRaw = Enumerable.Range(0, parts[0].Weights.Length).Select(j => parts.Sum(p => p.Weights[j] / p.Scale[j] * p.Count) / n).ToArray();
        var biasRaw = parts.Sum(p => (p.Bias - p.Weights.Select((w, j) => w * p.Mean[j] / p.Scale[j]).Sum()) * p.Count) / n;
        var mean = Avg(p => p.Mean);
        var scale = Avg(p => p.Scale);
        var weights = weightsRaw.Select((w, j) => w * scale[j]).ToArray();
        var bias = biasRaw + weightsRaw.Select((w, j) => w * mean[j]).Sum();
        return new TriageCombiner(mean, scale, weights, bias, n);
    }

    private static double[] Solve(double[] a, double[] b, int n)
    {
        // Gaussian elimination with partial pivoting on a copy (n is a dozen).
        var m = (double[])a.Clone();
        var x = (double[])b.Clone();
        for (var col = 0; col < n; col++)
        {
            var pivot = col;
            for (var r = col + 1; r < n; r++) if (Math.Abs(m[r * n + col]) > Math.Abs(m[pivot * n + col])) pivot = r;
            if (pivot != col)
            {
                for (var k = 0; k < n; k++) (m[col * n + k], m[pivot * n + k]) = (m[pivot * n + k], m[col * n + k]);
                (x[col], x[pivot]) = (x[pivot], x[col]);
            }
            var diag = m[col * n + col];
            if (Math.Abs(diag) < 1e-12) diag = 1e-12;
            for (var r = col + 1; r < n; r++)
            {
                var f = m[r * n + col] / diag;
                if (f == 0) continue;
                for (var k = col; k < n; k++) m[r * n + k] -= f * m[col * n + k];
                x[r] -= f * x[col];
            }
        }
        for (var r = n - 1; r >= 0; r--)
        {
            var s = x[r];
            for (var k = r + 1; k < n; k++) s -= m[r * n + k] * x[k];
            var diag = m[r * n + r];
            x[r] = s / (Math.Abs(diag) < 1e-12 ? 1e-12 : diag);
        }
        return x;
    }
}
