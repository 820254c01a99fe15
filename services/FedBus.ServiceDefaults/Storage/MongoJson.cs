using System.Text.Json;
using System.Text.Json.Nodes;
using MongoDB.Bson;

namespace FedBus.ServiceDefaults.Storage;

internal static class MongoJson
{
    public static BsonValue ToBson(JsonNode? node) => node switch
    {
        null => BsonNull.Value,
        JsonObject o => ToDocument(o),
        JsonArray a => new BsonArray(a.Select(ToBson)),
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => new BsonString(v.GetValue<string>()),
            JsonValueKind.True => BsonBoolean.True,
            JsonValueKind.False => BsonBoolean.False,
            JsonValueKind.Number => JsonNumbers.Read(v) switch
            {
                int i => new BsonInt32(i),
                long l => new BsonInt64(l),
                double d => new BsonDouble(d),
                var other => throw new InvalidOperationException($"Unexpected number {other}."),
            },
            _ => BsonNull.Value,
        },
        _ => throw new InvalidOperationException($"Unexpected JSON node {node.GetType().Name}."),
    };

    public static JsonNode? ToNode(BsonValue value, bool topLevel = false) => value.BsonType switch
    {
        BsonType.Null => null,
        BsonType.Document => ToObject(value.AsBsonDocument, topLevel),
        BsonType.Array => new JsonArray(value.AsBsonArray.Select(v => ToNode(v)).ToArray()),
        BsonType.String => JsonValue.Create(value.AsString),
        BsonType.Boolean => JsonValue.Create(value.AsBoolean),
        BsonType.Int32 => JsonValue.Create(value.AsInt32),
        BsonType.Int64 => JsonValue.Create(value.AsInt64),
        BsonType.Double => JsonValue.Create(value.AsDouble),
        BsonType.Decimal128 => JsonValue.Create((decimal)value.AsDecimal128),
        _ => throw new InvalidDataException($"MongoDB value of type {value.BsonType} was not written by this store."),
    };

    private static BsonDocument ToDocument(JsonObject o)
    {
        var doc = new BsonDocument();
        foreach (var (key, child) in o) doc[key] = ToBson(child);
        return doc;
    }

    private static JsonObject ToObject(BsonDocument doc, bool topLevel)
    {
        var o = new JsonObject();
        foreach (var element in doc)
        {
            if (topLevel && element.Name.StartsWith('_')) continue;
            o[element.Name] = ToNode(element.Value);
        }
        return o;
    }
}
