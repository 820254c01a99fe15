using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace FedBus.ServiceDefaults.Privacy;

/// <summary>
/// Turns patient-identifying values into short keyed hashes (HMAC-SHA256 with the site's salt, first 64 bits) for log
/// lines: the same study hashes alike in every line of the site, so lines correlate, but neither the hub nor a log
/// collector can recover the UID or test a guess without the salt. Registered by AddServiceDefaults.
/// </summary>
public sealed partial class IdentifierHasher
{
    private readonly byte[] _key;

    public IdentifierHasher(byte[] key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length < IdentifierSalt.MinimumLength)
            throw new ArgumentException($"The salt has {key.Length} bytes; at least {IdentifierSalt.MinimumLength} are needed.", nameof(key));
        _key = [.. key];
    }

    public HashedIdentifier Hash(string? identifier)
    {
        // DICOM pads values to even length with NUL or space; the padded and the bare value are the same identifier.
        var trimmed = identifier?.TrimEnd('\0', ' ');
        if (string.IsNullOrEmpty(trimmed)) return new HashedIdentifier("-");
        var mac = HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(trimmed));
        return new HashedIdentifier(Convert.ToHexStringLower(mac.AsSpan(0, 8)));
    }

    /// <summary>
    /// Free text that may name UIDs (a rejection reason, a message from the DICOM layer): every UID in it replaced by
    /// its hash, except UIDs under the DICOM standard's root 1.2.840.10008 (SOP classes, transfer syntaxes), which
    /// identify nothing. IPv4 end points ("0.0.0.0:104") are left alone. Names in free text are not found: the
    /// callers' texts carry none.
    /// </summary>
    public string RedactUids(string text) =>
        UidPattern().Replace(text, m => m.Value.StartsWith(StandardRoot, StringComparison.Ordinal) ? m.Value : "uid#" + Hash(m.Value).Value);

    /// <summary>The exception to log in place of <paramref name="exception"/>: same type name and stack, UIDs hashed.</summary>
    public RedactedException Redact(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception as RedactedException ?? new RedactedException(exception, this);
    }

    private const string StandardRoot = "1.2.840.10008.";

    // Three or more numeric components starting with a root arc (0, 1, 2), not glued to other text, not host:port.
    [GeneratedRegex(@"(?<![\w.])(?>[0-2](?:\.[0-9]+){2,})(?!\w)(?!:[0-9])", RegexOptions.CultureInvariant)]
    private static partial Regex UidPattern();
}
