using System.Text.RegularExpressions;
using FedBus.Dicom;

namespace FedBus.LogAudit.Tests;

/// <summary>
/// Finds patient identity in a log line: any DICOM UID that is not a well-known one (SOP classes, transfer syntaxes
/// and the rest of the DICOM dictionary; our implementation class UID), and any patient id, name or accession number
/// the test data used.
/// </summary>
public sealed partial class IdentityFinder
{
    private readonly Regex? _identities;

    public IdentityFinder(IEnumerable<string> identities)
    {
        var needles = identities
            .SelectMany(NameForms)
            .Where(n => n.Length >= 3)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .OrderByDescending(n => n.Length)
            .Select(Regex.Escape)
            .ToList();
        if (needles.Count > 0)
            _identities = new Regex($@"(?<!\w)(?:{string.Join('|', needles)})(?!\w)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
    }

    public IEnumerable<string> Find(string line)
    {
        foreach (Match m in UidLike().Matches(line))
            if (!IsWellKnown(m.Value) && !IsEndPoint(line, m)) yield return $"UID {m.Value}";
        if (_identities is null) yield break;
        foreach (Match m in _identities.Matches(line)) yield return $"test identity '{m.Value}'";
    }

    /// <summary>In the dictionary (SOP classes, transfer syntaxes, well-known frames of reference...) or ours.</summary>
    public static bool IsWellKnown(string uid) =>
        DicomUid.GetName(uid) is not null || uid == DicomUid.FedBusImplementationClassUid;

    // An IPv4 listen or peer address ("0.0.0.0:104") is no UID.
    private static bool IsEndPoint(string line, Match m) =>
        m.Value.Split('.') is { Length: 4 } parts && parts.All(p => int.Parse(p, System.Globalization.CultureInfo.InvariantCulture) <= 255) &&
        m.Index + m.Length < line.Length && line[m.Index + m.Length] == ':';

    /// <summary>A person name as DICOM writes it (Doe^Jane), as a formatter may show it (Doe Jane), and its longer parts.</summary>
    private static IEnumerable<string> NameForms(string identity)
    {
        yield return identity;
        if (!identity.Contains('^', StringComparison.Ordinal)) yield break;
        yield return identity.Replace('^', ' ').Trim();
        foreach (var part in identity.Split('^', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            if (part.Length >= 5) yield return part;
    }

    // Broader than the service's redaction pattern on purpose: a root arc and two more numeric components, whatever
    // letters stand around them ("uid=1.2.3", "x2.25.7"); only digits or dots right before it make it part of something else.
    [GeneratedRegex(@"(?<![0-9.])[0-2](?:\.[0-9]+){2,}", RegexOptions.CultureInvariant)]
    private static partial Regex UidLike();
}
