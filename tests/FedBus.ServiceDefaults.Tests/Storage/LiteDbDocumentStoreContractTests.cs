using FedBus.ServiceDefaults.Storage;

namespace FedBus.ServiceDefaults.Tests.Storage;

public sealed class LiteDbDocumentStoreContractTests : DocumentStoreContract, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("fedbus-litedb-").FullName;
    private readonly List<LiteDbDocumentStore> _stores = [];

    protected override IDocumentStore CreateStore()
    {
        var store = new LiteDbDocumentStore($"Filename={Path.Combine(_folder, Guid.NewGuid().ToString("N"))}.db;Connection=direct");
        _stores.Add(store);
        return store;
    }

    public void Dispose()
    {
        foreach (var store in _stores) store.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}
