using System.Text.Json;
using System.Text.Json.Nodes;
using LiteDB;

namespace FedBus.ServiceDefaults.Storage;

internal static class LiteDbJson
{
    public static BsonValue ToBson(JsonNode? node) => node switch
    {
        null => BsonValue.Null,
        JsonObject o => ToDocument(o),
        JsonArray a => new BsonArray(a.Select(ToBson)),
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => new BsonValue(v.GetValue<string>()),
            JsonValueKind.True => new BsonValue(true),
            JsonValueKind.False => new BsonValue(false),
            JsonValueKind.Number => JsonNumbers.Read(v) switch
            {
                int i => new BsonValue(i),
                long l => new BsonValue(l),
                double d => new BsonValue(d),
                var other => throw new InvalidOperationException($"Unexpected number {other}."),
            },
            _ => BsonValue.Null,
        },
        _ => throw new InvalidOperationException($"Unexpected JSON node {node.GetType().Name}."),
    };

    public static JsonNode? ToNode(BsonValue value, bool topLevel = false) => value.Type switch
    {
        BsonType.Null => null,
        BsonType.Document => ToObject(value.AsDocument, topLevel),
        BsonType.Array => new JsonArray(value.AsArray.Select(v => ToNode(v)).ToArray()),
        BsonType.String => JsonValue.Create(value.AsString),
        BsonType.Boolean => JsonValue.Create(value.AsBoolean),
        BsonType.Int32 => JsonValue.Create(value.AsInt32),
        BsonType.Int64 => JsonValue.Create(value.AsInt64),
        BsonType.Double => JsonValue.Create(value.AsDouble),
        BsonType.Decimal => JsonValue.Create(value.AsDecimal),
        _ => throw new InvalidDataException($"LiteDB value of type {value.Type} was not written by this store."),
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
        foreach (var (key, child) in doc)
        {
            if (topLevel && key.StartsWith('_')) continue;
            o[key] = ToNode(child);
        }
        return o;
    }
}
