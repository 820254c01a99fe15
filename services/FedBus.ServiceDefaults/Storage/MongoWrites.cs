using System.Text.Json.Nodes;
using MongoDB.Bson;
using MongoDB.Driver;

namespace FedBus.ServiceDefaults.Storage;

/// <summary>The one implementation of each write, alone (no session) or inside a transaction (a session).</summary>
internal static class MongoWrites
{
    public const string VersionField = "_v";
    private static readonly FilterDefinitionBuilder<BsonDocument> Filter = Builders<BsonDocument>.Filter;

    /// <summary>Applies the write; false only for a delete that found nothing to delete.</summary>
    public static async Task<bool> ApplyAsync(
        IMongoCollection<BsonDocument> collection, IClientSessionHandle? session, DocumentOperation op, CancellationToken cancellationToken)
    {
        switch (op.Kind)
        {
            case DocumentOperationKind.Insert:
                try
                {
                    var doc = ToBson(op.Id, op.Document!, 1);
                    if (session is null) await collection.InsertOneAsync(doc, cancellationToken: cancellationToken);
                    else await collection.InsertOneAsync(session, doc, cancellationToken: cancellationToken);
                }
                catch (Exception e) when (IsDuplicateKey(e))
                {
                    throw new DuplicateDocumentException(op.Collection, op.Id);
                }
                return true;
            case DocumentOperationKind.Replace:
            {
                var expected = op.ExpectedVersion!.Value;
                var filter = ById(op.Id) & Filter.Eq(VersionField, expected);
                var replacement = ToBson(op.Id, op.Document!, expected + 1);
                var result = session is null
                    ? await collection.ReplaceOneAsync(filter, replacement, cancellationToken: cancellationToken)
                    : await collection.ReplaceOneAsync(session, filter, replacement, cancellationToken: cancellationToken);
                if (result.MatchedCount == 0)
                {
                    throw await ExistsAsync(collection, session, op.Id, cancellationToken)
                        ? new ConcurrencyConflictException(op.Collection, op.Id, expected)
                        : new DocumentNotFoundException(op.Collection, op.Id);
                }
                return true;
            }
            case DocumentOperationKind.Delete:
            {
                var filter = op.ExpectedVersion is { } v ? ById(op.Id) & Filter.Eq(VersionField, v) : ById(op.Id);
                var result = session is null
                    ? await collection.DeleteOneAsync(filter, cancellationToken)
                    : await collection.DeleteOneAsync(session, filter, cancellationToken: cancellationToken);
                if (result.DeletedCount > 0) return true;
                if (op.ExpectedVersion is not { } expected) return false;
                throw await ExistsAsync(collection, session, op.Id, cancellationToken)
                    ? new ConcurrencyConflictException(op.Collection, op.Id, expected)
                    : new DocumentNotFoundException(op.Collection, op.Id);
            }
            default:
                throw new InvalidOperationException($"Unknown operation {op.Kind}.");
        }
    }

    public static FilterDefinition<BsonDocument> ById(string id) => Filter.Eq("_id", id);

    private static async Task<bool> ExistsAsync(
        IMongoCollection<BsonDocument> collection, IClientSessionHandle? session, string id, CancellationToken cancellationToken)
    {
        var find = session is null ? collection.Find(ById(id)) : collection.Find(session, ById(id));
        return await find.Limit(1).AnyAsync(cancellationToken);
    }

    // A real server reports a duplicate as a write error; wire-compatible test servers may answer with command error 11000.
    private static bool IsDuplicateKey(Exception e) => e switch
    {
        MongoWriteException w => w.WriteError?.Category == ServerErrorCategory.DuplicateKey,
        MongoCommandException c => c.Code == 11000,
        MongoBulkWriteException b => b.WriteErrors.Any(x => x.Category == ServerErrorCategory.DuplicateKey),
        _ => false,
    };

    private static BsonDocument ToBson(string id, JsonObject json, long version)
    {
        var bson = new BsonDocument { { "_id", id }, { VersionField, version } };
        foreach (var element in (BsonDocument)MongoJson.ToBson(json)) bson[element.Name] = element.Value;
        return bson;
    }
}
