using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace FedBus.AnnotationRequest.Triage;

/// <summary>
/// A uniform number in [0, 1) that depends only on a prediction id and a salt, so every replica and every redelivery
/// draws the same value for the same prediction.
/// </summary>
public static class StableSample
{
    public static double Uniform(Guid id, string salt)
    {
        var saltBytes = Encoding.UTF8.GetBytes(salt);
        Span<byte> input = stackalloc byte[16 + saltBytes.Length];
        id.TryWriteBytes(input, bigEndian: true, out _);
        saltBytes.CopyTo(input[16..]);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(input, hash);
        // 53 random bits: every double in [0, 1) on the 2^-53 grid is equally likely.
        return (BinaryPrimitives.ReadUInt64BigEndian(hash) >> 11) * (1.0 / (1UL << 53));
    }
}
