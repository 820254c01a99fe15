using System.Collections.Frozen;
using System.Globalization;
using System.Text;

namespace FedBus.Dicom;

/// <summary>
/// The PS3.6 data dictionary, generated from DCMTK's dicom.dic by tools/dicom-dictgen.
/// Parsed on first use (about 5,000 entries, a few milliseconds).
/// </summary>
public static class DicomDictionary
{
    private static readonly Lazy<Tables> Data = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    private static readonly DicomDictionaryEntry PrivateCreatorEntry =
        new(new DicomTag(0x0009, 0x0010), 0x0001, 0xFF00, DicomVR.LO, null, "1", "PrivateCreator", false);

    private static readonly DicomDictionaryEntry GroupLengthEntry =
        new(new DicomTag(0x0000, 0x0000), 0x0000, 0xFFFF, DicomVR.UL, null, "1", "GroupLength", false);

    /// <summary>Number of entries in the generated table (repeating ranges count once).</summary>
    public static int Count => Data.Value.All.Length;

    /// <summary>All generated entries in tag order.</summary>
    public static IReadOnlyList<DicomDictionaryEntry> Entries => Data.Value.All;

    /// <summary>
    /// The entry for a tag: exact match, then repeating ranges (50xx, 60xx, 7Fxx, (0020,31xx)),
    /// then the rules for group lengths and private creators. Null for unknown and private data tags.
    /// </summary>
    public static DicomDictionaryEntry? Lookup(DicomTag tag)
    {
        var t = Data.Value;
        if (t.Exact.TryGetValue(tag.Value, out var entry))
        {
            return entry;
        }

        if (tag.IsGroupLength)
        {
            return GroupLengthEntry;
        }

        if (tag.IsPrivateCreator)
        {
            return PrivateCreatorEntry;
        }

        foreach (var r in t.Repeating)
        {
            if (r.Matches(tag))
            {
                return r;
            }
        }

        return null;
    }

    /// <summary>The entry for a keyword such as "PatientName" (retired keywords without the RETIRED_ prefix).</summary>
    public static DicomDictionaryEntry? LookupKeyword(string keyword) =>
        Data.Value.ByKeyword.TryGetValue(keyword, out var entry) ? entry : null;

    /// <summary>The VR implicit VR encoding implies for a tag: the dictionary's, UN when unknown.</summary>
    public static DicomVR ImplicitVR(DicomTag tag) => Lookup(tag)?.VR ?? DicomVR.UN;

    internal static string NameFromKeyword(string keyword)
    {
        var sb = new StringBuilder(keyword.Length + 8);
        for (var i = 0; i < keyword.Length; i++)
        {
            var c = keyword[i];
            if (i > 0 && char.IsUpper(c))
            {
                var prev = keyword[i - 1];
                var nextIsLower = i + 1 < keyword.Length && char.IsLower(keyword[i + 1]);
                if (char.IsLower(prev) || char.IsDigit(prev) || (char.IsUpper(prev) && nextIsLower))
                {
                    sb.Append(' ');
                }
            }

            sb.Append(c);
        }

        return sb.ToString();
    }

    private static Tables Load()
    {
        var text = Encoding.ASCII.GetString(DicomDictionaryData.Entries);
        var all = new List<DicomDictionaryEntry>(DicomDictionaryData.Count);
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var f = line.Split('\t');
            var group = ushort.Parse(f[0], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
            var element = ushort.Parse(f[1], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
            var groupMask = ushort.Parse(f[2], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
            var elementMask = ushort.Parse(f[3], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
            var (vr, alternate) = MapVR(f[4]);
            all.Add(new DicomDictionaryEntry(
                new DicomTag(group, element), groupMask, elementMask, vr, alternate, f[5], f[6], f[7] == "R"));
        }

        return new Tables(
            all.ToArray(),
            all.Where(e => !e.IsRepeating).ToFrozenDictionary(e => e.Tag.Value),
            all.Where(e => e.IsRepeating).ToArray(),
            all.ToFrozenDictionary(e => e.Keyword, StringComparer.Ordinal));
    }

    // DCMTK's lower-case pseudo VRs stand for "either of" VRs; the first is what implicit VR implies.
    private static (DicomVR Vr, DicomVR? Alternate) MapVR(string code) => code switch
    {
        "xs" => (DicomVR.US, DicomVR.SS),
        "ox" => (DicomVR.OW, DicomVR.OB),
        "px" => (DicomVR.OW, DicomVR.OB),
        "lt" => (DicomVR.OW, DicomVR.US),
        "up" => (DicomVR.UL, null),
        "na" => (DicomVR.UN, null),
        _ => (DicomVR.Parse(code), null),
    };

    private sealed record Tables(
        DicomDictionaryEntry[] All,
        FrozenDictionary<uint, DicomDictionaryEntry> Exact,
        DicomDictionaryEntry[] Repeating,
        FrozenDictionary<string, DicomDictionaryEntry> ByKeyword);
}
