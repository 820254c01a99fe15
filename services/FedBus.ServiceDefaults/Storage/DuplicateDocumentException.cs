namespace FedBus.ServiceDefaults.Storage;

public sealed class DuplicateDocumentException(string collection, string id)
    : Exception($"Collection '{collection}' already holds a document with id '{id}'.")
{
    public string Collection { get; } = collection;
    public string Id { get; } = id;
}
