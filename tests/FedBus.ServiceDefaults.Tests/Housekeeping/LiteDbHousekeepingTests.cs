using FedBus.ServiceDefaults.Storage;

namespace FedBus.ServiceDefaults.Tests.Housekeeping;

public sealed class LiteDbHousekeepingTests : HousekeepingContract, IDisposable
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"fedbus-housekeeping-{Guid.NewGuid():N}.db");
    private LiteDbDocumentStore? _store;

    protected override IDocumentStore CreateStore() => _store = new LiteDbDocumentStore($"Filename={_file};Connection=direct");

    public void Dispose()
    {
        _store?.Dispose();
        File.Delete(_file);
    }
}
