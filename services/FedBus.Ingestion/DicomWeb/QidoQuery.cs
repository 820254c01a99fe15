using System.Globalization;
using System.Text.RegularExpressions;
using FedBus.ServiceDefaults.Storage;

namespace FedBus.Ingestion.DicomWeb;

/// <summary>
/// A parsed QIDO-RS query: matching keys, paging. Matching is plain logic over the values a record holds for each
/// attribute; <see cref="IndexFilter"/> gives the part of it a document store can answer from its indexes.
/// </summary>
public sealed class QidoQuery
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    private QidoQuery(IReadOnlyList<(QidoAttribute Attribute, string Value)> filters, int offset, int limit)
    {
        Filters = filters;
        Offset = offset;
        Limit = limit;
    }

    public IReadOnlyList<(QidoAttribute Attribute, string Value)> Filters { get; }
    public int Offset { get; }
    public int Limit { get; }

    /// <summary>
    /// Reads the query string for a search at <paramref name="level"/>: attributes of that level and the levels above.
    /// Throws <see cref="QidoQueryException"/> naming the first key or value it cannot use.
    /// </summary>
    public static QidoQuery Parse(QidoLevel level, IEnumerable<KeyValuePair<string, string[]>> query)
    {
        var filters = new List<(QidoAttribute, string)>();
        int offset = 0, limit = DefaultLimit;
        foreach (var (key, values) in query)
        {
            var value = values.LastOrDefault() ?? "";
            switch (key.ToLowerInvariant())
            {
                case "limit":
                    limit = ParseCount(key, value, 1, MaxLimit);
                    continue;
                case "offset":
                    offset = ParseCount(key, value, 0, int.MaxValue);
                    continue;
                case "includefield" or "fuzzymatching":
                    // We always return every attribute we index; fuzzy matching is not offered (false is the default).
                    if (key.Equals("fuzzymatching", StringComparison.OrdinalIgnoreCase) && value.Equals("true", StringComparison.OrdinalIgnoreCase))
                        throw new QidoQueryException("fuzzymatching=true is not supported; use wildcards (* and ?).");
                    continue;
            }

            var attribute = QidoAttribute.Find(key)
                ?? throw new QidoQueryException($"'{key}' is not a searchable attribute. Searchable: {string.Join(", ", QidoAttribute.All.Where(a => a.Level <= level).Select(a => a.Keyword))}.");
            if (attribute.Level > level)
                throw new QidoQueryException($"'{attribute.Keyword}' is a {attribute.Level.ToString().ToLowerInvariant()}-level attribute; it cannot filter a {level.ToString().ToLowerInvariant()} search.");
            if (attribute.Match == QidoMatchKind.Range) CheckRange(attribute, value);
            if (attribute.Match == QidoMatchKind.Integer && value.Length > 0 && !int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out _))
                throw new QidoQueryException($"{attribute.Keyword}={value}: an integer is expected.");
            filters.Add((attribute, value));
        }
        return new QidoQuery(filters, offset, limit);
    }

    /// <summary>True when the values of a candidate (by attribute) satisfy every filter (of the given levels).</summary>
    public bool Matches(Func<QidoAttribute, IReadOnlyList<string>> values, Func<QidoAttribute, bool>? only = null) =>
        Filters.All(f => (only is not null && !only(f.Attribute)) || Matches(f.Attribute.Match, values(f.Attribute), f.Value));

    /// <summary>Whether any filter with a value is on an attribute of <paramref name="level"/>.</summary>
    public bool HasFilterAt(QidoLevel level, params string[] except) =>
        Filters.Any(f => f.Value.Length > 0 && f.Attribute.Level == level && !except.Contains(f.Attribute.Keyword));

    /// <summary>
    /// The filters on attributes that <paramref name="pathOf"/> maps to a stored field, as a document-store filter
    /// (null: none), and whether it says exactly what the query says (then no candidate needs checking in memory).
    /// Exact text, UID lists, integers and full dates go to the store; wildcards only as a prefix range (checked again
    /// in memory); names (case-insensitive) and partial dates or times stay in memory.
    /// </summary>
    public (DocumentFilter? Filter, bool Exact) IndexFilter(Func<QidoAttribute, string?> pathOf)
    {
        var parts = new List<DocumentFilter>();
        var exact = true;
        foreach (var (attribute, value) in Filters)
        {
            if (value.Length == 0) continue;
            var isExact = false;
            var part = pathOf(attribute) is { } path ? IndexFilter(attribute.Match, path, value, out isExact) : null;
            if (part is not null) parts.Add(part);
            exact &= part is not null && isExact;
        }
        return (parts.Count switch { 0 => null, 1 => parts[0], _ => DocumentFilter.And([.. parts]) }, exact);
    }

    private static DocumentFilter? IndexFilter(QidoMatchKind kind, string path, string value, out bool exact)
    {
        exact = true;
        switch (kind)
        {
            case QidoMatchKind.Uid:
                var uids = UidList(value);
                return uids.Length == 1 ? DocumentFilter.Eq(path, uids[0]) : DocumentFilter.In(path, uids);
            case QidoMatchKind.Integer:
                return DocumentFilter.Eq(path, int.Parse(value, CultureInfo.InvariantCulture));
            case QidoMatchKind.Text when value.IndexOfAny(['*', '?']) < 0:
                return DocumentFilter.Eq(path, value);
            case QidoMatchKind.Text:
                exact = false;
                var prefix = value[..value.IndexOfAny(['*', '?'])];
                return prefix.Length == 0 ? null : DocumentFilter.And(
                    DocumentFilter.Gte(path, prefix), DocumentFilter.Lt(path, prefix + '\uffff'));
            case QidoMatchKind.Range:
                // Only whole dates (YYYYMMDD) compare as stored text the way the DICOM rule compares them.
                var dash = value.IndexOf('-');
                var low = dash < 0 ? value : value[..dash];
                var high = dash < 0 ? value : value[(dash + 1)..];
                if ((low.Length is not (0 or 8)) || (high.Length is not (0 or 8)) || value.Contains('.'))
                {
                    exact = false;
                    return null;
                }
                if (low.Length > 0 && low == high) return DocumentFilter.Eq(path, low);
                if (low.Length > 0 && high.Length > 0)
                    return DocumentFilter.And(DocumentFilter.Gte(path, low), DocumentFilter.Lte(path, high));
                return low.Length > 0 ? DocumentFilter.Gte(path, low) : DocumentFilter.Lte(path, high);
            default:
                exact = false;
                return null;
        }
    }

    private static string[] UidList(string value) => value.Split([',', '\\'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>The filter value for an attribute if it is a single exact UID (usable as a database filter).</summary>
    public string? ExactUid(QidoAttribute attribute)
    {
        var value = Filters.Where(f => f.Attribute == attribute).Select(f => f.Value).FirstOrDefault();
        return value is { Length: > 0 } && !value.Contains(',') && !value.Contains('\\') ? value : null;
    }

    public static bool Matches(QidoMatchKind kind, IReadOnlyList<string> actual, string pattern)
    {
        if (pattern.Length == 0) return true;
        var values = actual.Count == 0 ? [""] : actual;
        return kind switch
        {
            QidoMatchKind.Uid => UidList(pattern).Any(p => values.Contains(p, StringComparer.Ordinal)),
            QidoMatchKind.Range => values.Any(v => InRange(v.Trim(), pattern)),
            QidoMatchKind.Integer => values.Any(v => int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var a) &&
                                                     a == int.Parse(pattern, CultureInfo.InvariantCulture)),
            QidoMatchKind.PersonName => values.Any(v => TextMatches(v, pattern, ignoreCase: true)),
            _ => values.Any(v => TextMatches(v, pattern, ignoreCase: false)),
        };
    }

    private static bool TextMatches(string value, string pattern, bool ignoreCase)
    {
        var comparison = ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        if (pattern.IndexOfAny(['*', '?']) < 0) return string.Equals(value.Trim(), pattern, comparison);
        var regex = "^" + Regex.Escape(pattern).Replace("\\*", ".*", StringComparison.Ordinal).Replace("\\?", ".", StringComparison.Ordinal) + "$";
        return Regex.IsMatch(value.Trim(), regex, (ignoreCase ? RegexOptions.IgnoreCase : RegexOptions.None) | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    }

    // DA (YYYYMMDD) and TM (HHMMSS.FFFFFF) compare correctly as text once equally long, so pad the shorter side.
    private static bool InRange(string value, string pattern)
    {
        if (value.Length == 0) return false;
        var dash = pattern.IndexOf('-');
        if (dash < 0) return Compare(value, pattern) == 0;
        var low = pattern[..dash];
        var high = pattern[(dash + 1)..];
        return (low.Length == 0 || Compare(value, low) >= 0) && (high.Length == 0 || Compare(value, high) <= 0);
    }

    private static int Compare(string value, string bound)
    {
        var n = Math.Min(value.Length, bound.Length);
        return string.CompareOrdinal(value[..n], bound[..n]);
    }

    private static void CheckRange(QidoAttribute attribute, string value)
    {
        foreach (var part in value.Split('-'))
        {
            if (part.Any(c => c is not (>= '0' and <= '9') and not '.'))
                throw new QidoQueryException($"{attribute.Keyword}={value}: expected a date/time or a range like 20240101-20241231.");
        }
        if (value.Count(c => c == '-') > 1)
            throw new QidoQueryException($"{attribute.Keyword}={value}: a range has one '-'.");
    }

    private static int ParseCount(string key, string value, int min, int max)
    {
        if (!int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) || n < min || n > max)
            throw new QidoQueryException($"{key}={value}: expected an integer from {min} to {max}.");
        return n;
    }
}
