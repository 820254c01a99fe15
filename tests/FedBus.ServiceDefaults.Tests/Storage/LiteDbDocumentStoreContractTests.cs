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
    public async Task A_find_in_any_order_reads_in_index_order_instead_of_sorting_by_id()
    {
        var samples = CreateStore().Collection<SampleDocument>("samples");
        await samples.EnsureIndexAsync("inner.modality");
        await samples.InsertAsync("b", SampleDocument.Make("b", modality: "CT"));

        var byId = await samples.ExplainAsync(DocumentFilter.Eq("inner.modality", "CT"));
        var anyOrder = await samples.ExplainAsync(DocumentFilter.Eq("inner.modality", "CT"), FindOptions.Unordered);
        Assert.Contains("\"orderBy\"", byId);
        Assert.DoesNotContain("orderBy", anyOrder);
        Assert.Contains("inner_modality", anyOrder);
    }

    [Fact]
    public async Task A_failed_rollback_opens_the_file_again_so_the_batch_is_gone_and_later_writes_succeed()
    {
        var store = (LiteDbDocumentStore)CreateStore();
        var samples = store.Collection<SampleDocument>("samples");
        await samples.InsertAsync("kept", SampleDocument.Make("kept"));
        // Stands for LiteDB's own failure ("discarded page must be writable"): its transaction stays open, half written.
        store.RollbackOverride = _ => throw new InvalidOperationException("discarded page must be writable (stand-in)");

        var e = await Assert.ThrowsAsync<DuplicateDocumentException>(() => store.CommitAsync(new DocumentBatch()
            .Insert(samples, "fresh", SampleDocument.Make("fresh"))
            .Insert(samples, "kept", SampleDocument.Make("again"))));
        store.RollbackOverride = null;

        Assert.Equal("kept", e.Id);
        Assert.Equal(1, store.Reopened);
        Assert.Null(await samples.GetAsync("fresh"));
        Assert.Equal("kept", (await samples.GetAsync("kept"))!.Document.Name);
        await samples.InsertAsync("after", SampleDocument.Make("after"));
        await samples.ReplaceAsync("kept", SampleDocument.Make("kept2"), 1);
        Assert.Equal(["after", "kept"], (await samples.FindAsync(DocumentFilter.All)).Select(d => d.Id));
        await store.PingAsync();
    }

    [Fact]
    public async Task A_store_that_cannot_open_its_file_again_after_a_failed_rollback_fails_every_call_with_the_reason()
    {
        var file = Path.Combine(_folder, "gone.db");
        var store = new LiteDbDocumentStore($"Filename={file};Connection={ConnectionMode}");
        _stores.Add(store);
        var samples = store.Collection<SampleDocument>("samples");
        await samples.InsertAsync("kept", SampleDocument.Make("kept"));
        store.RollbackOverride = _ =>
        {
            // The file is taken away while the engine is broken: nothing can be opened in its place.
            File.Delete(file);
            Directory.CreateDirectory(file);
            throw new InvalidOperationException("discarded page must be writable (stand-in)");
        };

        await Assert.ThrowsAsync<DuplicateDocumentException>(() => samples.InsertAsync("kept", SampleDocument.Make("again")));

        var read = await Assert.ThrowsAnyAsync<Exception>(() => samples.GetAsync("kept"));
        await Assert.ThrowsAnyAsync<Exception>(() => samples.InsertAsync("x", SampleDocument.Make("x")));
        await Assert.ThrowsAnyAsync<Exception>(() => store.PingAsync());
        if (ConnectionMode == "direct")
        {
            // Direct mode opens the file when the store opens: the store knows it has none and says why.
            Assert.IsType<InvalidOperationException>(read);
            Assert.Contains("unusable", read.Message, StringComparison.Ordinal);
            Assert.Contains("discarded page must be writable", read.Message, StringComparison.Ordinal);
        }
        else
        {
            // Shared mode opens the file for every call: each call fails with the file's own error.
            Assert.Contains(file, read.Message, StringComparison.Ordinal);
        }
    }

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
