using System.Globalization;

namespace FedBus.DatasetBuilder.Labels;

/// <summary>AAL label values and names, from aal.nii.txt ("value name code" per line).</summary>
public sealed class AtlasTable(IReadOnlyDictionary<int, string> names)
{
    public IReadOnlyDictionary<int, string> Names { get; } = names;

    public static AtlasTable Read(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"AAL label table not found: {path}", path);
        var names = new SortedDictionary<int, string>();
        int lineNo = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNo++;
            if (string.IsNullOrWhiteSpace(line))
                continue;
            var parts = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length < 2 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int value) || value is < 1 or > 255)
                throw new InvalidDataException($"{path}:{lineNo}: expected '<value 1..255> <name> [code]', got '{line}'.");
            if (!names.TryAdd(value, parts[1]))
                throw new InvalidDataException($"{path}:{lineNo}: label value {value} appears twice.");
        }
        if (names.Count == 0)
            throw new InvalidDataException($"{path}: no labels.");
        return new AtlasTable(names);
    }

    /// <summary>Label values whose name starts with any of the prefixes (AAL names are systematic).</summary>
    public IReadOnlySet<int> ValuesWithPrefix(params string[] prefixes) =>
        Names.Where(kv => prefixes.Any(p => kv.Value.StartsWith(p, StringComparison.Ordinal)))
             .Select(kv => kv.Key).ToHashSet();

    public bool IsLeft(int value) => Names.TryGetValue(value, out var n) && n.EndsWith("_L", StringComparison.Ordinal);

    public bool IsRight(int value) => Names.TryGetValue(value, out var n) && n.EndsWith("_R", StringComparison.Ordinal);
}
