using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace FedBus.Aggregation.Strategies;

/// <summary>
/// The SIMD loops the strategies are made of. Every strategy walks the model chunk by chunk so what it touches
/// repeatedly (the output chunk, a K×chunk scratch) stays in cache while the inputs stream through once.
/// </summary>
internal static class TensorKernels
{
    /// <summary>Floats per chunk for the weighted sums: 32 KiB of output stays in L1/L2 while K inputs stream past.</summary>
    public const int MeanChunk = 8192;

    /// <summary>Floats per row of the K×chunk scratch of the order statistics (10 rows ≈ 40 KiB).</summary>
    public const int RobustChunk = 1024;

    /// <summary>Σ (a−b)² in float32 (callers keep chunks short and add the chunks up in double).</summary>
    public static float SquaredDistance(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (a.Length != b.Length) throw new ArgumentException("Spans differ in length.");
        int i = 0;
        float sum = 0;
        if (Vector.IsHardwareAccelerated && a.Length >= 2 * Vector<float>.Count)
        {
            ref float ra = ref MemoryMarshal.GetReference(a);
            ref float rb = ref MemoryMarshal.GetReference(b);
            var acc0 = Vector<float>.Zero;
            var acc1 = Vector<float>.Zero;
            int w = Vector<float>.Count;
            for (; i <= a.Length - 2 * w; i += 2 * w)
            {
                var d0 = Vector.LoadUnsafe(ref ra, (nuint)i) - Vector.LoadUnsafe(ref rb, (nuint)i);
                var d1 = Vector.LoadUnsafe(ref ra, (nuint)(i + w)) - Vector.LoadUnsafe(ref rb, (nuint)(i + w));
                acc0 += d0 * d0;
                acc1 += d1 * d1;
            }
            sum = Vector.Sum(acc0 + acc1);
        }
        for (; i < a.Length; i++)
        {
            float d = a[i] - b[i];
            sum += d * d;
        }
        return sum;
    }

    /// <summary>
    /// dst = (dst +) c0·x0 + c1·x1 + c2·x2 + c3·x3 for the first <paramref name="count"/> (1–4) inputs, added left to
    /// right with separate multiplies and adds (never fused), so summing K inputs four at a time gives the same bits as
    /// adding them one at a time. Reading four inputs per pass over dst keeps the pass memory-bound.
    /// </summary>
    public static void WeightedAdd(Span<float> dst, bool overwrite, int count,
        ReadOnlySpan<float> x0, float c0, ReadOnlySpan<float> x1 = default, float c1 = 0,
        ReadOnlySpan<float> x2 = default, float c2 = 0, ReadOnlySpan<float> x3 = default, float c3 = 0)
    {
        if (count is < 1 or > 4) throw new ArgumentOutOfRangeException(nameof(count), count, "1 to 4 inputs.");
        int n = dst.Length;
        if (x0.Length != n || count > 1 && x1.Length != n || count > 2 && x2.Length != n || count > 3 && x3.Length != n)
            throw new ArgumentException("Inputs and destination differ in length.");
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            ref float rd = ref MemoryMarshal.GetReference(dst);
            ref float r0 = ref MemoryMarshal.GetReference(x0);
            ref float r1 = ref MemoryMarshal.GetReference(x1);
            ref float r2 = ref MemoryMarshal.GetReference(x2);
            ref float r3 = ref MemoryMarshal.GetReference(x3);
            var v0 = new Vector<float>(c0);
            var v1 = new Vector<float>(c1);
            var v2 = new Vector<float>(c2);
            var v3 = new Vector<float>(c3);
            int w = Vector<float>.Count;
            for (; i <= n - w; i += w)
            {
                var t = Vector.LoadUnsafe(ref r0, (nuint)i) * v0;
                if (!overwrite) t = Vector.LoadUnsafe(ref rd, (nuint)i) + t;
                if (count > 1) t += Vector.LoadUnsafe(ref r1, (nuint)i) * v1;
                if (count > 2) t += Vector.LoadUnsafe(ref r2, (nuint)i) * v2;
                if (count > 3) t += Vector.LoadUnsafe(ref r3, (nuint)i) * v3;
                t.StoreUnsafe(ref rd, (nuint)i);
            }
        }
        for (; i < n; i++)
        {
            float t = x0[i] * c0;
            if (!overwrite) t = dst[i] + t;
            if (count > 1) t += x1[i] * c1;
            if (count > 2) t += x2[i] * c2;
            if (count > 3) t += x3[i] * c3;
            dst[i] = t;
        }
    }

    /// <summary>dst = s·w + (1−s)·g: an update scaled towards the global model (norm clipping).</summary>
    public static void Blend(ReadOnlySpan<float> w, ReadOnlySpan<float> g, float s, Span<float> dst)
    {
        if (s == 1f)
        {
            w.CopyTo(dst);
            return;
        }
        TensorPrimitives.Multiply(g, 1f - s, dst);
        TensorPrimitives.MultiplyAdd(w, s, dst, dst);
    }

    /// <summary>One comparator of a sorting network applied lane-wise: lo = min(lo, hi), hi = max(lo, hi).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void CompareExchange(Span<float> lo, Span<float> hi)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            ref float rl = ref MemoryMarshal.GetReference(lo);
            ref float rh = ref MemoryMarshal.GetReference(hi);
            int w = Vector<float>.Count;
            for (; i <= lo.Length - w; i += w)
            {
                var a = Vector.LoadUnsafe(ref rl, (nuint)i);
                var b = Vector.LoadUnsafe(ref rh, (nuint)i);
                Vector.Min(a, b).StoreUnsafe(ref rl, (nuint)i);
                Vector.Max(a, b).StoreUnsafe(ref rh, (nuint)i);
            }
        }
        for (; i < lo.Length; i++)
        {
            float a = lo[i], b = hi[i];
            lo[i] = MathF.Min(a, b);
            hi[i] = MathF.Max(a, b);
        }
    }

    /// <summary>Counts NaN and ±∞ values (the slow path, run only once a norm came out non-finite).</summary>
    public static (long NaN, long Infinite) CountNonFinite(ReadOnlySpan<float> values)
    {
        long nan = 0, inf = 0;
        foreach (var v in values)
        {
            if (float.IsNaN(v)) nan++;
            else if (float.IsInfinity(v)) inf++;
        }
        return (nan, inf);
    }
}
