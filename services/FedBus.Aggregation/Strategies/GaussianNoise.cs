using System.Numerics.Tensors;
using System.Security.Cryptography;

namespace FedBus.Aggregation.Strategies;

/// <summary>
/// Standard normal noise for DP, vectorised Box–Muller over xoshiro256** uniforms. Unseeded (production) its
/// 256-bit state comes from the operating system's CSPRNG and is never stored or logged; a seed makes tests
/// reproducible. Uniforms have 24 bits, so |z| ≤ √(2·ln 2²⁴) ≈ 5.8: the tail beyond is cut (probability &lt; 10⁻⁸).
/// </summary>
internal sealed class GaussianNoise
{
    private ulong s0, s1, s2, s3;
    private float[] u1 = [], u2 = [], sin = [], cos = [];

    public GaussianNoise(long? seed)
    {
        if (seed is { } value)
        {
            ulong x = (ulong)value;
            s0 = SplitMix(ref x);
            s1 = SplitMix(ref x);
            s2 = SplitMix(ref x);
            s3 = SplitMix(ref x);
        }
        else
        {
            Span<ulong> state = stackalloc ulong[4];
            do RandomNumberGenerator.Fill(System.Runtime.InteropServices.MemoryMarshal.AsBytes(state));
            while (state[0] == 0 && state[1] == 0 && state[2] == 0 && state[3] == 0);
            (s0, s1, s2, s3) = (state[0], state[1], state[2], state[3]);
        }
    }

    /// <summary>dst[i] += stdDev · zᵢ, zᵢ independent standard normal.</summary>
    public void AddTo(Span<float> dst, float stdDev)
    {
        int pairs = (dst.Length + 1) / 2;
        if (u1.Length < pairs)
        {
            u1 = new float[pairs];
            u2 = new float[pairs];
            sin = new float[pairs];
            cos = new float[pairs];
        }
        var a = u1.AsSpan(0, pairs);
        var b = u2.AsSpan(0, pairs);
        for (int i = 0; i < pairs; i++)
        {
            ulong r = Next();
            a[i] = ((r >> 40) + 1) * (1f / (1 << 24));          // (0, 1]: ln is finite
            b[i] = ((r >> 8) & 0xFFFFFF) * (1f / (1 << 24));     // [0, 1)
        }
        // radius √(−2 ln u1), angle 2π u2
        TensorPrimitives.Log(a, a);
        TensorPrimitives.Multiply(a, -2f, a);
        TensorPrimitives.Sqrt(a, a);
        TensorPrimitives.Multiply(b, 2f * MathF.PI, b);
        var s = sin.AsSpan(0, pairs);
        var c = cos.AsSpan(0, pairs);
        TensorPrimitives.SinCos(b, s, c);
        TensorPrimitives.Multiply(a, stdDev, a);
        int half = dst.Length / 2;
        var lo = dst[..half];
        var hi = dst[half..];
        TensorPrimitives.MultiplyAdd(a[..half], c[..half], lo, lo);
        TensorPrimitives.MultiplyAdd(a[..hi.Length], s[..hi.Length], hi, hi);
    }

    private ulong Next()
    {
        ulong result = ulong.RotateLeft(s1 * 5, 7) * 9;
        ulong t = s1 << 17;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = ulong.RotateLeft(s3, 45);
        return result;
    }

    private static ulong SplitMix(ref ulong x)
    {
        ulong z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
