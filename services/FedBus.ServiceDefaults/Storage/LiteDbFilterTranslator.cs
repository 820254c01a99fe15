using LiteDB;

namespace FedBus.ServiceDefaults.Storage;

internal static class LiteDbFilterTranslator
{
    /// <summary>Null when the filter matches everything.</summary>
    public static BsonExpression? Translate(DocumentFilter filter)
    {
        var parameters = new BsonDocument();
        var text = Build(filter, parameters);
        if (text is null) return null;
        var expression = BsonExpression.Create(text);
        foreach (var (key, value) in parameters) expression.Parameters[key] = value;
        return expression;
    }

    public static string PathExpression(string path) =>
        "$" + string.Concat(path.Split('.').Select(p => $".[\"{p.Replace("\"", "\\\"")}\"]"));

    private static string? Build(DocumentFilter filter, BsonDocument parameters)
    {
        string Param(BsonValue value)
        {
            var name = "p" + parameters.Count;
            parameters[name] = value;
            return "@" + name;
        }

        switch (filter.Operator)
        {
            case FilterOperator.All:
                return null;
            case FilterOperator.And when filter.Children is [{ Operator: FilterOperator.GreaterThanOrEqual } low, { Operator: FilterOperator.LessThanOrEqual } high]
                                          && low.Path == high.Path:
                // One index range instead of a scan from the lower bound to the end of the index with the upper bound
                // checked on every document (LiteDB uses one index per query and only a BETWEEN as a closed range).
                return $"{PathExpression(low.Path!)} BETWEEN {Param(LiteDbJson.ToBson(low.Values[0]))} AND {Param(LiteDbJson.ToBson(high.Values[0]))}";
            case FilterOperator.And or FilterOperator.Or:
                var parts = filter.Children.Select(c => Build(c, parameters) ?? "true").Select(p => $"({p})");
                return string.Join(filter.Operator == FilterOperator.And ? " AND " : " OR ", parts);
            case FilterOperator.In:
                return $"{PathExpression(filter.Path!)} IN {Param(new BsonArray(filter.Values.Select(LiteDbJson.ToBson)))}";
        }

        var path = PathExpression(filter.Path!);
        var value = LiteDbJson.ToBson(filter.Values[0]);
        var op = filter.Operator switch
        {
            FilterOperator.Equal => "=",
            FilterOperator.NotEqual => "!=",
            FilterOperator.GreaterThan => ">",
            FilterOperator.GreaterThanOrEqual => ">=",
            FilterOperator.LessThan => "<",
            FilterOperator.LessThanOrEqual => "<=",
            _ => throw new NotSupportedException($"Filter operator {filter.Operator}."),
        };
        return $"{path} {op} {Param(value)}";
    }
}
