using System.Globalization;

namespace FedBus.Tools.DicomDictGen;

internal static class DictionaryParser
{
    public static List<DictEntry> Parse(IEnumerable<string> lines)
    {
        var result = new List<DictEntry>();
        var keywords = new HashSet<string>(StringComparer.Ordinal);
        foreach (var raw in lines)
        {
            if (raw.Length == 0 || raw[0] == '#')
            {
                continue;
            }

            var f = raw.Split('\t', StringSplitOptions.RemoveEmptyEntries);
            if (f.Length < 5)
            {
                throw new FormatException($"bad dictionary line: {raw}");
            }

            // Group lengths and private creators are rules in our code, not table rows.
            if (f[4] is "GENERIC" or "ILLEGAL" or "PRIVATE")
            {
                continue;
            }

            var tag = f[0].Trim('(', ')').Split(',');
            var (g, gm) = Range(tag[0]);
            var (e, em) = Range(tag[1]);
            var retired = f[2].StartsWith("RETIRED_", StringComparison.Ordinal);
            var keyword = retired ? f[2]["RETIRED_".Length..] : f[2];
            if (!keywords.Add(keyword))
            {
                throw new FormatException($"duplicate keyword {keyword}");
            }

            result.Add(new DictEntry(g, gm, e, em, f[1], f[3], keyword, retired));
        }

        result.Sort((a, b) => ((uint)a.Group << 16 | a.Element).CompareTo((uint)b.Group << 16 | b.Element));
        return result;
    }

    // "6000-60FF" (even only, the default), "0009-o-FFFF" (odd), "0010-u-00FF" (all) -> value + mask.
    private static (ushort Value, ushort Mask) Range(string text)
    {
        var parts = text.Split('-');
        if (parts.Length == 1)
        {
            return (Hex(parts[0]), 0xFFFF);
        }

        var parity = parts.Length == 3 ? parts[1] : "e";
        var lo = Hex(parts[0]);
        var hi = Hex(parts[^1]);
        var varying = (ushort)(lo ^ hi);
        if ((varying & (varying + 1)) != 0)
        {
            throw new FormatException($"range {text} is not a bit mask");
        }

        var mask = (ushort)~varying;
        if (parity != "u")
        {
            mask |= 1;
        }

        return ((ushort)(lo & mask | (parity == "o" ? 1 : 0)), mask);
    }

    private static ushort Hex(string s) => ushort.Parse(s, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
}
