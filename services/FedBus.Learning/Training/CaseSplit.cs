using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using FedBus.Learning.Cases;

namespace FedBus.Learning.Training;

/// <summary>
/// Assigns each case to training or validation once and for all, from its id alone:
/// bucket = first 8 bytes of SHA-256(UTF-8 id) as a big-endian integer / 2⁶⁴, in [0, 1);
/// the case validates when bucket &lt; fraction. Adding cases never moves an old one, so a retrained
/// model is never validated on a case it was trained on before. Keep the fraction fixed per site
/// (raising it would move some training cases into validation).
/// </summary>
public static class CaseSplit
{
    public static double Bucket(string caseId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(caseId);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(caseId), hash);
        return BinaryPrimitives.ReadUInt64BigEndian(hash) / 18446744073709551616.0;
    }

    public static bool IsValidation(string caseId, double validationFraction)
    {
        if (!(validationFraction is >= 0 and < 1))
            throw new ArgumentOutOfRangeException(nameof(validationFraction), validationFraction, "Validation fraction must be in [0, 1).");
        return Bucket(caseId) < validationFraction;
    }

    /// <summary>Splits in input order; duplicate ids are an error (the same case accepted twice).</summary>
    public static (IReadOnlyList<LabeledCase> Train, IReadOnlyList<LabeledCase> Validation) Partition(
        IReadOnlyList<LabeledCase> cases, double validationFraction)
    {
        ArgumentNullException.ThrowIfNull(cases);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var train = new List<LabeledCase>();
        var validation = new List<LabeledCase>();
        foreach (var c in cases)
        {
            if (!seen.Add(c.CaseId)) throw new ArgumentException($"Case id '{c.CaseId}' appears twice.", nameof(cases));
            (IsValidation(c.CaseId, validationFraction) ? validation : train).Add(c);
        }
        return (train, validation);
    }
}
