namespace FedBus.ServiceDefaults.Storage;

public sealed class DocumentNotFoundException(string collection, string id)
    : Exception($"Collection '{collection}' holds no document with id '{id}'.")
{
    public string Collection { get; } = collection;
    public string Id { get; } = id;
}
