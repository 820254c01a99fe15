using System.Text.Json.Nodes;

namespace FedBus.ServiceDefaults.Storage;

/// <summary>
/// The simple filters both adapters translate: comparisons of one JSON path with a scalar, membership, and/or.
/// Values are normalised the way documents are serialised, so a filter on a DateTimeOffset matches what was stored.
/// </summary>
public sealed class DocumentFilter
{
    private DocumentFilter(FilterOperator op, string? path, IReadOnlyList<JsonNode?> values, IReadOnlyList<DocumentFilter> children)
    {
        Operator = op;
        Path = path;
        Values = values;
        Children = children;
    }

    public FilterOperator Operator { get; }
    public string? Path { get; }
    public IReadOnlyList<JsonNode?> Values { get; }
    public IReadOnlyList<DocumentFilter> Children { get; }

    public static DocumentFilter All { get; } = new(FilterOperator.All, null, [], []);

    public static DocumentFilter Eq<TValue>(string path, TValue value) => Compare(FilterOperator.Equal, path, value);
    public static DocumentFilter Ne<TValue>(string path, TValue value) => Compare(FilterOperator.NotEqual, path, value);
    public static DocumentFilter Gt<TValue>(string path, TValue value) => Compare(FilterOperator.GreaterThan, path, value);
    public static DocumentFilter Gte<TValue>(string path, TValue value) => Compare(FilterOperator.GreaterThanOrEqual, path, value);
    public static DocumentFilter Lt<TValue>(string path, TValue value) => Compare(FilterOperator.LessThan, path, value);
    public static DocumentFilter Lte<TValue>(string path, TValue value) => Compare(FilterOperator.LessThanOrEqual, path, value);

    public static DocumentFilter In<TValue>(string path, IEnumerable<TValue> values) =>
        new(FilterOperator.In, CheckPath(path), values.Select(ToScalar).ToArray(), []);

    public static DocumentFilter And(params DocumentFilter[] filters) => Combine(FilterOperator.And, filters);
    public static DocumentFilter Or(params DocumentFilter[] filters) => Combine(FilterOperator.Or, filters);

    public DocumentFilter And(DocumentFilter other) => And(this, other);

    private static DocumentFilter Compare<TValue>(FilterOperator op, string path, TValue value) =>
        new(op, CheckPath(path), [ToScalar(value)], []);

    private static DocumentFilter Combine(FilterOperator op, DocumentFilter[] filters)
    {
        if (filters.Length == 0) throw new ArgumentException($"{op} needs at least one filter.", nameof(filters));
        return new DocumentFilter(op, null, [], filters);
    }

    private static string CheckPath(string path)
    {
        if (string.IsNullOrWhiteSpace(path) || path.StartsWith('.') || path.EndsWith('.') || path.Contains(".."))
            throw new ArgumentException($"'{path}' is not a JSON path like \"a\" or \"a.b\".", nameof(path));
        if (path.Split('.').Any(p => p.StartsWith('_')))
            throw new ArgumentException($"'{path}': fields starting with '_' belong to the store.", nameof(path));
        return path;
    }

    private static JsonNode? ToScalar<TValue>(TValue value)
    {
        var node = DocumentJson.ToNode(value);
        if (node is JsonObject or JsonArray)
            throw new ArgumentException($"Filters compare scalars; {typeof(TValue).Name} serialises to {node.GetValueKind()}.");
        return node;
    }
}
