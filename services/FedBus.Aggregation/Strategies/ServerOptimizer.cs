using System.Numerics;
using System.Runtime.InteropServices;

namespace FedBus.Aggregation.Strategies;

/// <summary>
/// The server step after averaging, applied chunk by chunk while the chunk is in cache. With d = x̄ − w (the averaged
/// change, Reddi et al.'s pseudo-gradient Δₜ):
/// FedAvgM (Hsu et al. 2019): v ← β·v + d, w ← w + η·v.
/// FedOpt (Reddi et al. 2021, Algorithm 2, no bias correction; m₋₁ = 0, v₋₁ = τ²): m ← β₁·m + (1−β₁)·d, then
/// Adam v ← β₂·v + (1−β₂)·d², Yogi v ← v − (1−β₂)·d²·sign(v − d²), Adagrad v ← v + d²; w ← w + η·m / (√v + τ).
/// </summary>
internal sealed class ServerOptimizer
{
    private readonly StrategyKind kind;
    private readonly float eta, beta, beta1, beta2, tau;
    private readonly float[]?[] first;
    private readonly float[]?[] second;

    private ServerOptimizer(StrategyKind kind, AggregationSettings settings, int tensors, Dictionary<string, float[]> buffers)
    {
        this.kind = kind;
        eta = (float)settings.EffectiveServerLearningRate;
        beta = (float)settings.ServerMomentum;
        beta1 = (float)settings.Beta1;
        beta2 = (float)settings.Beta2;
        tau = (float)settings.Tau;
        first = new float[]?[tensors];
        second = new float[]?[tensors];
        Buffers = buffers;
    }

    /// <summary>The buffers, by state name, after this round (the same arrays the state handed in, where they fit).</summary>
    public Dictionary<string, float[]> Buffers { get; }

    /// <summary>
    /// Binds the state's buffers to the layout, reusing them in place where name and length fit and starting fresh
    /// (m = 0, v = τ²) where they do not — a new tensor, another architecture, or another optimizer last round.
    /// </summary>
    public static ServerOptimizer Create(AggregationSettings settings, RoundPlan plan, StrategyKind? stateOptimizer, Dictionary<string, float[]> stateBuffers, List<string> notes)
    {
        var kind = settings.Strategy;
        bool sameOptimizer = stateOptimizer == kind;
        if (!sameOptimizer && stateOptimizer is not null)
            notes.Add($"Server optimizer state reset: it belonged to {stateOptimizer}, this round uses {kind}.");
        var kept = new Dictionary<string, float[]>(StringComparer.Ordinal);
        var optimizer = new ServerOptimizer(kind, settings, plan.Layout.Count, kept);
        int fresh = 0;
        bool secondMoment = kind != StrategyKind.FedAvgM;
        for (int t = 0; t < plan.Layout.Count; t++)
        {
            if (!plan.IsAggregated(t)) continue;
            var spec = plan.Layout[t];
            optimizer.first[t] = Take("m/" + spec.Name, 0f);
            if (secondMoment) optimizer.second[t] = Take("v/" + spec.Name, optimizer.tau * optimizer.tau);

            float[] Take(string name, float initial)
            {
                if (sameOptimizer && stateBuffers.TryGetValue(name, out var b) && b.Length == spec.ElementCount)
                {
                    kept[name] = b;
                    return b;
                }
                fresh++;
                var created = new float[spec.ElementCount];
                if (initial != 0) Array.Fill(created, initial);
                kept[name] = created;
                return created;
            }
        }
        if (sameOptimizer && fresh > 0)
            notes.Add($"Server optimizer: {fresh} buffer(s) started fresh (tensors new to the state or changed in size).");
        return optimizer;
    }

    /// <summary>dst holds the chunk's averaged weights x̄ on entry and the new global weights on return.</summary>
    public void Step(int tensor, int offset, ReadOnlySpan<float> global, Span<float> dst)
    {
        var m = first[tensor].AsSpan(offset, dst.Length);
        if (kind == StrategyKind.FedAvgM)
        {
            Momentum(global, dst, m);
            return;
        }
        Adaptive(global, dst, m, second[tensor].AsSpan(offset, dst.Length));
    }

    private void Momentum(ReadOnlySpan<float> g, Span<float> x, Span<float> v)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            ref float rg = ref MemoryMarshal.GetReference(g);
            ref float rx = ref MemoryMarshal.GetReference(x);
            ref float rv = ref MemoryMarshal.GetReference(v);
            var vb = new Vector<float>(beta);
            var ve = new Vector<float>(eta);
            for (; i <= x.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                var gi = Vector.LoadUnsafe(ref rg, (nuint)i);
                var d = Vector.LoadUnsafe(ref rx, (nuint)i) - gi;
                var vel = vb * Vector.LoadUnsafe(ref rv, (nuint)i) + d;
                vel.StoreUnsafe(ref rv, (nuint)i);
                (gi + ve * vel).StoreUnsafe(ref rx, (nuint)i);
            }
        }
        for (; i < x.Length; i++)
        {
            float d = x[i] - g[i];
            v[i] = beta * v[i] + d;
            x[i] = g[i] + eta * v[i];
        }
    }

    private void Adaptive(ReadOnlySpan<float> g, Span<float> x, Span<float> m, Span<float> v)
    {
        int i = 0;
        float c1 = 1 - beta1, c2 = 1 - beta2;
        if (Vector.IsHardwareAccelerated)
        {
            ref float rg = ref MemoryMarshal.GetReference(g);
            ref float rx = ref MemoryMarshal.GetReference(x);
            ref float rm = ref MemoryMarshal.GetReference(m);
            ref float rv = ref MemoryMarshal.GetReference(v);
            var vb1 = new Vector<float>(beta1);
            var vc1 = new Vector<float>(c1);
            var vb2 = new Vector<float>(beta2);
            var vc2 = new Vector<float>(c2);
            var ve = new Vector<float>(eta);
            var vt = new Vector<float>(tau);
            for (; i <= x.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                var gi = Vector.LoadUnsafe(ref rg, (nuint)i);
                var d = Vector.LoadUnsafe(ref rx, (nuint)i) - gi;
                var mi = vb1 * Vector.LoadUnsafe(ref rm, (nuint)i) + vc1 * d;
                var vi = Vector.LoadUnsafe(ref rv, (nuint)i);
                var d2 = d * d;
                vi = kind switch
                {
                    StrategyKind.FedAdam => vb2 * vi + vc2 * d2,
                    StrategyKind.FedYogi => vi - vc2 * d2 * Sign(vi - d2),
                    _ => vi + d2,
                };
                mi.StoreUnsafe(ref rm, (nuint)i);
                vi.StoreUnsafe(ref rv, (nuint)i);
                (gi + ve * mi / (Vector.SquareRoot(vi) + vt)).StoreUnsafe(ref rx, (nuint)i);
            }
        }
        for (; i < x.Length; i++)
        {
            float d = x[i] - g[i];
            m[i] = beta1 * m[i] + c1 * d;
            float d2 = d * d;
            v[i] = kind switch
            {
                StrategyKind.FedAdam => beta2 * v[i] + c2 * d2,
                StrategyKind.FedYogi => v[i] - c2 * d2 * MathF.Sign(v[i] - d2),
                _ => v[i] + d2,
            };
            x[i] = g[i] + eta * m[i] / (MathF.Sqrt(v[i]) + tau);
        }
    }

    private static Vector<float> Sign(Vector<float> x) =>
        Vector.ConditionalSelect(Vector.GreaterThan(x, Vector<float>.Zero), Vector<float>.One,
            Vector.ConditionalSelect(Vector.LessThan(x, Vector<float>.Zero), -Vector<float>.One, Vector<float>.Zero));
}
