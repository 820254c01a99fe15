using System.Text.Json.Nodes;

namespace FedBus.ServiceDefaults.Storage;

/// <summary>
/// Writes to one or more collections that <see cref="IDocumentStore.CommitAsync"/> applies all together or not at all,
/// in the order they were added. Each write has the meaning of its single-document counterpart on
/// <see cref="IDocumentCollection{T}"/>: an insert fails on an existing id, a replace on a missing document or another
/// version, a delete with an expected version on a missing document or another version. The first write that fails
/// throws its exception (<see cref="DuplicateDocumentException"/>, <see cref="DocumentNotFoundException"/>,
/// <see cref="ConcurrencyConflictException"/>, naming that write's collection and id) and none of the batch is applied.
/// A successful insert leaves version 1, a replace the expected version + 1. Documents are serialised when added, so
/// later changes to the objects do not reach the store. Not thread-safe.
/// </summary>
public sealed class DocumentBatch
{
    private readonly List<DocumentOperation> _operations = [];

    public int Count => _operations.Count;

    internal IReadOnlyList<DocumentOperation> Operations => _operations;

    public DocumentBatch Insert<T>(string collection, string id, T document) where T : class =>
        Add(DocumentOperationKind.Insert, collection, id, Serialise(document), null);

    public DocumentBatch Insert<T>(IDocumentCollection<T> collection, string id, T document) where T : class =>
        Insert(collection.Name, id, document);

    public DocumentBatch Replace<T>(string collection, string id, T document, long expectedVersion) where T : class =>
        Add(DocumentOperationKind.Replace, collection, id, Serialise(document), expectedVersion);

    public DocumentBatch Replace<T>(IDocumentCollection<T> collection, string id, T document, long expectedVersion) where T : class =>
        Replace(collection.Name, id, document, expectedVersion);

    /// <summary>Without an expected version a missing document is not an error (the delete is idempotent).</summary>
    public DocumentBatch Delete(string collection, string id, long? expectedVersion = null) =>
        Add(DocumentOperationKind.Delete, collection, id, null, expectedVersion);

    public DocumentBatch Delete<T>(IDocumentCollection<T> collection, string id, long? expectedVersion = null) where T : class =>
        Delete(collection.Name, id, expectedVersion);

    private DocumentBatch Add(DocumentOperationKind kind, string collection, string id, JsonObject? document, long? expectedVersion)
    {
        LiteDbNames.Check(collection);
        ArgumentException.ThrowIfNullOrEmpty(id);
        _operations.Add(new DocumentOperation(kind, collection, id, document, expectedVersion));
        return this;
    }

    private static JsonObject Serialise<T>(T document) =>
        DocumentJson.ToNode(document) as JsonObject
        ?? throw new ArgumentException($"{typeof(T).Name} does not serialise to a JSON object.", nameof(document));
}
