using MongoDB.Bson;
using MongoDB.Driver;

namespace FedBus.ServiceDefaults.Storage;

internal static class MongoFilterTranslator
{
    private static readonly FilterDefinitionBuilder<BsonDocument> Filter = Builders<BsonDocument>.Filter;

    public static FilterDefinition<BsonDocument> Translate(DocumentFilter filter) => filter.Operator switch
    {
        FilterOperator.All => Filter.Empty,
        FilterOperator.And => Filter.And(filter.Children.Select(Translate)),
        FilterOperator.Or => Filter.Or(filter.Children.Select(Translate)),
        FilterOperator.In => Filter.In(filter.Path!, filter.Values.Select(MongoJson.ToBson)),
        FilterOperator.Equal => Filter.Eq(filter.Path!, Value(filter)),
        FilterOperator.NotEqual => Filter.Ne(filter.Path!, Value(filter)),
        FilterOperator.GreaterThan => Filter.Gt(filter.Path!, Value(filter)),
        FilterOperator.GreaterThanOrEqual => Filter.Gte(filter.Path!, Value(filter)),
        FilterOperator.LessThan => Filter.Lt(filter.Path!, Value(filter)),
        FilterOperator.LessThanOrEqual => Filter.Lte(filter.Path!, Value(filter)),
        _ => throw new NotSupportedException($"Filter operator {filter.Operator}."),
    };

    private static BsonValue Value(DocumentFilter filter) => MongoJson.ToBson(filter.Values[0]);
}
