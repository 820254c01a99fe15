using FedBus.ServiceDefaults.Storage;

namespace FedBus.ServiceDefaults.Tests.Storage;

/// <summary>The contract suite against LiteDB as one process uses it (Connection=direct, the embedded default).</summary>
public class LiteDbDocumentStoreContractTests : DocumentStoreContract, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("fedbus-litedb-").FullName;
    private readonly List<LiteDbDocumentStore> _stores = [];

    protected virtual string ConnectionMode => "direct";

    protected override IDocumentStore CreateStore()
    {
        var store = new LiteDbDocumentStore($"Filename={Path.Combine(_folder, Guid.NewGuid().ToString("N"))}.db;Connection={ConnectionMode}");
        _stores.Add(store);
        return store;
    }

    [Fact]
    public Task Of_concurrent_batches_replacing_the_same_version_exactly_one_commits_whole() =>
        ConcurrentBatchesFromTheSameVersionLetExactlyOneCommit();

    [Fact]
    public async Task LiteDB_runs_a_filter_on_an_indexed_field_as_a_seek_on_that_index()
    {
        var samples = CreateStore().Collection<SampleDocument>("samples");
        await samples.EnsureIndexAsync([new IndexKey("inner.modality"), new IndexKey("count", Descending: true)]);
        await samples.InsertAsync("1", SampleDocument.Make("one", modality: "US"));

        var plan = await samples.ExplainAsync(DocumentFilter.Eq("inner.modality", "US"), new FindOptions("count", Descending: true, Limit: 5));
        Assert.Contains("INDEX SEEK(inner_modality", plan, StringComparison.Ordinal);
        var scan = await samples.ExplainAsync(DocumentFilter.Eq("name", "one"));
        Assert.DoesNotContain("INDEX SEEK", scan, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LiteDB_runs_a_closed_range_on_an_indexed_field_as_one_range_of_that_index()
    {
        var samples = CreateStore().Collection<SampleDocument>("samples");
        await samples.EnsureIndexAsync("count");
        foreach (var count in new[] { 1, 4, 5, 6, 9 }) await samples.InsertAsync($"c{count}", SampleDocument.Make("n", count));
        var range = DocumentFilter.And(DocumentFilter.Gte("count", 4), DocumentFilter.Lte("count", 6));

        Assert.Equal(["c4", "c5", "c6"], (await samples.FindAsync(range)).Select(s => s.Id));
        var plan = await samples.ExplainAsync(range);
        Assert.Contains("BETWEEN", plan, StringComparison.Ordinal);
        Assert.DoesNotContain("\"filters\"", plan, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        foreach (var store in _stores) store.Dispose();
        Directory.Delete(_folder, recursive: true);
        GC.SuppressFinalize(this);
    }
}
