using System.Collections.Frozen;
using System.Globalization;
using System.Numerics;

namespace FedBus.Dicom;

/// <summary>
/// UID constants (generated from DCMTK's UID table, names as DCMTK spells them, e.g.
/// <c>CTImageStorage</c>, <c>VerificationSOPClass</c>), the list of Storage SOP Classes and
/// UID generation.
/// </summary>
public static partial class DicomUid
{
    /// <summary>Our Implementation Class UID (a 2.25 UUID-derived UID, PS3.5 B.2).</summary>
    public const string FedBusImplementationClassUid = "2.25.312777469125293860981510271967936088857";

    /// <summary>Our Implementation Version Name (at most 16 characters).</summary>
    public const string FedBusImplementationVersionName = "FEDBUS_DICOM_1";

    private static readonly FrozenDictionary<string, (string Name, bool Retired, bool Storage)> ByUid;

    // In the constructor, not in initializers: Table lives in the generated part, and initializer
    // order across the parts of a partial class is not defined.
    static DicomUid()
    {
        ByUid = Table.ToFrozenDictionary(t => t.Uid, t => (t.Name, t.Retired, t.Storage), StringComparer.Ordinal);
        StorageSopClasses = Table.Where(t => t.Storage).Select(t => t.Uid).ToArray();
        CurrentStorageSopClasses = Table.Where(t => t.Storage && !t.Retired).Select(t => t.Uid).ToArray();
    }

    /// <summary>
    /// Every Storage SOP Class (PS3.4 Annex B) DCMTK 3.6.7 knows, retired ones included (old
    /// archives still send them): what a C-STORE SCP should accept.
    /// </summary>
    public static IReadOnlyList<string> StorageSopClasses { get; }

    /// <summary>Storage SOP Classes that are not retired.</summary>
    public static IReadOnlyList<string> CurrentStorageSopClasses { get; }

    public static bool IsStorageSopClass(string uid) =>
        ByUid.TryGetValue(Trim(uid), out var e) && e.Storage;

    /// <summary>DCMTK's name for a UID ("CTImageStorage"), or null when unknown.</summary>
    public static string? GetName(string uid) => ByUid.TryGetValue(Trim(uid), out var e) ? e.Name : null;

    public static bool IsRetired(string uid) => ByUid.TryGetValue(Trim(uid), out var e) && e.Retired;

    /// <summary>A new globally unique UID under the 2.25 root (UUID as a decimal integer, PS3.5 B.2).</summary>
    public static string Generate()
    {
        Span<byte> bytes = stackalloc byte[16];
        Guid.NewGuid().TryWriteBytes(bytes, bigEndian: true, out _);
        return "2.25." + new BigInteger(bytes, isUnsigned: true, isBigEndian: true).ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>True for a syntactically valid UID: digits and dots, no leading zeros, at most 64 characters.</summary>
    public static bool IsValid(string? uid)
    {
        if (string.IsNullOrEmpty(uid) || uid.Length > 64)
        {
            return false;
        }

        foreach (var part in uid.Split('.'))
        {
            if (part.Length == 0 || (part.Length > 1 && part[0] == '0') || !part.All(char.IsAsciiDigit))
            {
                return false;
            }
        }

        return true;
    }

    private static string Trim(string uid) => uid.TrimEnd('\0', ' ');
}
