namespace FedBus.QualityControl.Drift;

/// <summary>
/// Jensen–Shannon divergence of two histograms, in bits: 0 for the same distribution, 1 for disjoint ones. Symmetric and
/// finite where one side has a zero cell (unlike Kullback–Leibler), so a class one side never saw does not explode it.
/// </summary>
public static class JensenShannon
{
    public static double Divergence(IReadOnlyDictionary<int, long> p, IReadOnlyDictionary<int, long> q)
    {
        var sp = (double)p.Values.Sum();
        var sq = (double)q.Values.Sum();
        if (sp <= 0 || sq <= 0) throw new ArgumentException("Both histograms need at least one count.");
        double divergence = 0;
        foreach (var key in p.Keys.Union(q.Keys))
        {
            var a = p.GetValueOrDefault(key) / sp;
            var b = q.GetValueOrDefault(key) / sq;
            var m = (a + b) / 2;
            if (a > 0) divergence += 0.5 * a * Math.Log2(a / m);
            if (b > 0) divergence += 0.5 * b * Math.Log2(b / m);
        }
        return Math.Clamp(divergence, 0, 1);
    }
}
