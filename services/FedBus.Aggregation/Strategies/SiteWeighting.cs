namespace FedBus.Aggregation.Strategies;

/// <summary>Turns per-site raw weights (samples, or samples × validation score) into shares that sum to 1.</summary>
public static class SiteWeighting
{
    /// <summary>
    /// Shares proportional to <paramref name="raw"/> (every entry &gt; 0). With <paramref name="maxShare"/>, no share
    /// exceeds it: capped sites get exactly the cap and the rest is spread over the others in proportion to their raw
    /// weight, repeated until nobody is over (water-filling). If the cap cannot hold (cap × count &lt; 1) every site gets
    /// an equal share, the closest the shares can come; <paramref name="capHolds"/> says which happened.
    /// </summary>
    public static double[] Shares(IReadOnlyList<double> raw, double? maxShare, out bool capHolds)
    {
        ArgumentNullException.ThrowIfNull(raw);
        int n = raw.Count;
        capHolds = true;
        if (n == 0) return [];
        foreach (var r in raw)
            if (!(r > 0) || !double.IsFinite(r)) throw new ArgumentException($"Raw site weights must be finite and > 0, got {r}.", nameof(raw));

        var shares = new double[n];
        if (maxShare is not { } cap || cap >= 1)
        {
            double total = raw.Sum();
            for (int i = 0; i < n; i++) shares[i] = raw[i] / total;
            return shares;
        }
        if (cap * n < 1 - 1e-12)
        {
            capHolds = false;
            Array.Fill(shares, 1.0 / n);
            return shares;
        }

        var capped = new bool[n];
        int cappedCount = 0;
        while (true)
        {
            double freeMass = 1 - cap * cappedCount;
            double freeRaw = 0;
            for (int i = 0; i < n; i++) if (!capped[i]) freeRaw += raw[i];
            bool more = false;
            for (int i = 0; i < n; i++)
            {
                if (capped[i]) continue;
                shares[i] = freeMass * raw[i] / freeRaw;
                if (shares[i] > cap * (1 + 1e-12))
                {
                    capped[i] = true;
                    cappedCount++;
                    more = true;
                }
            }
            if (!more) break;
        }
        for (int i = 0; i < n; i++) if (capped[i]) shares[i] = cap;
        return shares;
    }
}
