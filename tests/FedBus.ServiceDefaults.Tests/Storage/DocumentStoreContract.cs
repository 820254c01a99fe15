using System.Text.Json;
using FedBus.ServiceDefaults.Storage;

namespace FedBus.ServiceDefaults.Tests.Storage;

/// <summary>
/// The behaviour every document-store adapter must show. Each adapter's test class derives from this and supplies a
/// fresh, empty store; the same tests then run against LiteDB and against the MongoDB adapter.
/// </summary>
public abstract class DocumentStoreContract
{
    protected abstract IDocumentStore CreateStore();

    private IDocumentCollection<SampleDocument> Samples(IDocumentStore? store = null) =>
        (store ?? CreateStore()).Collection<SampleDocument>("samples");

    private static string Json(SampleDocument d) => JsonSerializer.Serialize(d);

    [Fact]
    public async Task An_inserted_document_reads_back_equal_at_version_1()
    {
        var samples = Samples();
        var doc = SampleDocument.Make("first", 7) with { Optional = "x", Tags = ["é", "日本", ""] };
        var inserted = await samples.InsertAsync("a", doc);
        var read = await samples.GetAsync("a");
        Assert.Equal(1, inserted.Version);
        Assert.NotNull(read);
        Assert.Equal(1, read.Version);
        Assert.Equal("a", read.Id);
        Assert.Equal(Json(doc), Json(read.Document));
    }

    [Fact]
    public async Task Extreme_values_survive_the_round_trip()
    {
        var samples = Samples();
        var doc = SampleDocument.Make("extreme") with
        {
            Big = long.MaxValue,
            Count = int.MinValue,
            Score = Math.PI * 1e-300,
            At = new DateTimeOffset(1900, 1, 1, 0, 0, 0, 1, TimeSpan.FromHours(5)),
            Payload = Enumerable.Range(0, 1000).Select(i => (byte)i).ToArray(),
        };
        await samples.InsertAsync("x", doc);
        var read = (await samples.GetAsync("x"))!.Document;
        Assert.Equal(long.MaxValue, read.Big);
        Assert.Equal(int.MinValue, read.Count);
        Assert.Equal(doc.Score, read.Score);
        Assert.Equal(doc.At, read.At);
        Assert.Equal(doc.Payload, read.Payload);
    }

    [Fact]
    public async Task Getting_a_missing_id_returns_null()
    {
        Assert.Null(await Samples().GetAsync("nope"));
    }

    [Fact]
    public async Task Inserting_an_existing_id_throws_and_keeps_the_first_document()
    {
        var samples = Samples();
        await samples.InsertAsync("dup", SampleDocument.Make("one"));
        var e = await Assert.ThrowsAsync<DuplicateDocumentException>(() => samples.InsertAsync("dup", SampleDocument.Make("two")));
        Assert.Equal("dup", e.Id);
        Assert.Equal("one", (await samples.GetAsync("dup"))!.Document.Name);
    }

    [Fact]
    public async Task Replacing_at_the_current_version_stores_the_new_document_and_increments_the_version()
    {
        var samples = Samples();
        await samples.InsertAsync("r", SampleDocument.Make("v1"));
        var second = await samples.ReplaceAsync("r", SampleDocument.Make("v2"), 1);
        var third = await samples.ReplaceAsync("r", SampleDocument.Make("v3"), 2);
        Assert.Equal(2, second.Version);
        Assert.Equal(3, third.Version);
        var read = await samples.GetAsync("r");
        Assert.Equal(3, read!.Version);
        Assert.Equal("v3", read.Document.Name);
    }

    [Fact]
    public async Task Replacing_at_a_stale_version_throws_a_conflict_and_changes_nothing()
    {
        var samples = Samples();
        await samples.InsertAsync("c", SampleDocument.Make("v1"));
        await samples.ReplaceAsync("c", SampleDocument.Make("v2"), 1);
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => samples.ReplaceAsync("c", SampleDocument.Make("lost"), 1));
        var read = await samples.GetAsync("c");
        Assert.Equal(("v2", 2L), (read!.Document.Name, read.Version));
    }

    [Fact]
    public async Task Replacing_a_missing_document_throws_not_found()
    {
        await Assert.ThrowsAsync<DocumentNotFoundException>(() => Samples().ReplaceAsync("ghost", SampleDocument.Make("g"), 1));
    }

    [Fact]
    public async Task Of_many_concurrent_replaces_from_the_same_version_exactly_one_wins()
    {
        var samples = Samples();
        await samples.InsertAsync("race", SampleDocument.Make("start"));
        var attempts = Enumerable.Range(0, 8).Select(async i =>
        {
            try
            {
                await samples.ReplaceAsync("race", SampleDocument.Make($"writer{i}"), 1);
                return true;
            }
            catch (ConcurrencyConflictException)
            {
                return false;
            }
        }).ToList();
        var results = await Task.WhenAll(attempts);
        Assert.Single(results, r => r);
        Assert.Equal(2, (await samples.GetAsync("race"))!.Version);
    }

    [Fact]
    public async Task Deleting_removes_the_document_and_reports_whether_there_was_one()
    {
        var samples = Samples();
        await samples.InsertAsync("d", SampleDocument.Make("d"));
        Assert.True(await samples.DeleteAsync("d"));
        Assert.Null(await samples.GetAsync("d"));
        Assert.False(await samples.DeleteAsync("d"));
    }

    [Fact]
    public async Task Deleting_at_a_stale_version_throws_a_conflict_and_keeps_the_document()
    {
        var samples = Samples();
        await samples.InsertAsync("d", SampleDocument.Make("d"));
        await samples.ReplaceAsync("d", SampleDocument.Make("d2"), 1);
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => samples.DeleteAsync("d", expectedVersion: 1));
        Assert.NotNull(await samples.GetAsync("d"));
        Assert.True(await samples.DeleteAsync("d", expectedVersion: 2));
    }

    [Fact]
    public async Task Equality_filters_match_strings_numbers_booleans_enums_dates_and_nested_fields()
    {
        var samples = Samples();
        var at = new DateTimeOffset(2026, 3, 1, 8, 30, 0, TimeSpan.FromHours(1));
        await samples.InsertAsync("1", SampleDocument.Make("one", 1, modality: "CT"));
        await samples.InsertAsync("2", SampleDocument.Make("two", 2, at: at, kind: SampleKind.Weights));
        await samples.InsertAsync("3", SampleDocument.Make("three", 3, modality: "CT"));

        Assert.Equal(["2"], await Ids(samples, DocumentFilter.Eq("name", "two")));
        Assert.Equal(["3"], await Ids(samples, DocumentFilter.Eq("count", 3)));
        Assert.Equal(["2"], await Ids(samples, DocumentFilter.Eq("flag", true)));
        Assert.Equal(["2"], await Ids(samples, DocumentFilter.Eq("kind", SampleKind.Weights)));
        Assert.Equal(["2"], await Ids(samples, DocumentFilter.Eq("at", at)));
        Assert.Equal(["1", "3"], await Ids(samples, DocumentFilter.Eq("inner.modality", "CT")));
        Assert.Equal(["1", "2", "3"], await Ids(samples, DocumentFilter.Eq("optional", (string?)null)));
        Assert.Empty(await Ids(samples, DocumentFilter.Eq("name", "TWO")));
    }

    [Fact]
    public async Task Range_membership_and_boolean_filters_select_the_right_documents()
    {
        var samples = Samples();
        var t0 = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        for (var i = 1; i <= 6; i++)
            await samples.InsertAsync($"k{i}", SampleDocument.Make($"n{i}", i, at: t0.AddDays(i)));

        Assert.Equal(["k4", "k5", "k6"], await Ids(samples, DocumentFilter.Gt("count", 3)));
        Assert.Equal(["k3", "k4", "k5", "k6"], await Ids(samples, DocumentFilter.Gte("count", 3)));
        Assert.Equal(["k1", "k2"], await Ids(samples, DocumentFilter.Lt("count", 3)));
        Assert.Equal(["k1", "k2", "k3"], await Ids(samples, DocumentFilter.Lte("big", 5_000_000_003L)));
        Assert.Equal(["k5", "k6"], await Ids(samples, DocumentFilter.Gt("score", 1.5)));
        Assert.Equal(["k1", "k2"], await Ids(samples, DocumentFilter.Lt("at", t0.AddDays(3))));
        // The same instant written with another offset compares equal: dates are normalised to UTC.
        Assert.Equal(["k2"], await Ids(samples, DocumentFilter.Eq("at", t0.AddDays(2).ToOffset(TimeSpan.FromHours(-7)))));
        Assert.Equal(["k2", "k5"], await Ids(samples, DocumentFilter.In("name", new[] { "n2", "n5", "zz" })));
        Assert.Equal(["k1", "k2", "k4", "k5", "k6"], await Ids(samples, DocumentFilter.Ne("count", 3)));
        Assert.Equal(["k4"], await Ids(samples, DocumentFilter.And(DocumentFilter.Gt("count", 2), DocumentFilter.Eq("flag", true), DocumentFilter.Lt("count", 6))));
        Assert.Equal(["k1", "k6"], await Ids(samples, DocumentFilter.Or(DocumentFilter.Eq("count", 1), DocumentFilter.Eq("name", "n6"))));
        Assert.Equal(6, await samples.CountAsync(DocumentFilter.All));
        Assert.Equal(3, await samples.CountAsync(DocumentFilter.Eq("flag", true)));
    }

    [Fact]
    public async Task Find_orders_by_id_by_default_and_pages_by_a_sort_field()
    {
        var samples = Samples();
        foreach (var (id, count) in new[] { ("c", 5), ("a", 9), ("b", 1), ("d", 7) })
            await samples.InsertAsync(id, SampleDocument.Make(id, count));

        Assert.Equal(["a", "b", "c", "d"], await Ids(samples, DocumentFilter.All));
        var byCountDesc = await samples.FindAsync(DocumentFilter.All, new FindOptions("count", Descending: true));
        Assert.Equal(["a", "d", "c", "b"], byCountDesc.Select(s => s.Id));
        var page = await samples.FindAsync(DocumentFilter.All, new FindOptions("count", Skip: 1, Limit: 2));
        Assert.Equal(["c", "d"], page.Select(s => s.Id));
    }

    [Fact]
    public async Task A_find_in_any_order_returns_every_match_and_takes_no_sort_or_page()
    {
        var samples = Samples();
        await samples.EnsureIndexAsync("inner.modality");
        foreach (var (id, modality) in new[] { ("c", "CT"), ("a", "MR"), ("e", "CT"), ("b", "CT"), ("d", "US") })
            await samples.InsertAsync(id, SampleDocument.Make(id, modality: modality));

        var found = await samples.FindAsync(DocumentFilter.Eq("inner.modality", "CT"), FindOptions.Unordered);
        Assert.Equal(["b", "c", "e"], found.Select(s => s.Id).Order(StringComparer.Ordinal));
        Assert.All(found, f => Assert.Equal(f.Id, f.Document.Name));
        await Assert.ThrowsAsync<ArgumentException>(() => samples.FindAsync(DocumentFilter.All, FindOptions.Unordered with { Limit = 2 }));
        await Assert.ThrowsAsync<ArgumentException>(() => samples.FindAsync(DocumentFilter.All, FindOptions.Unordered with { SortBy = "count" }));
    }

    [Fact]
    public async Task An_index_can_be_ensured_twice_and_queries_on_it_still_answer()
    {
        var samples = Samples();
        await samples.EnsureIndexAsync("inner.modality");
        await samples.EnsureIndexAsync("inner.modality");
        await samples.InsertAsync("1", SampleDocument.Make("one", modality: "US"));
        Assert.Equal(["1"], await Ids(samples, DocumentFilter.Eq("inner.modality", "US")));
    }

    [Fact]
    public async Task A_compound_index_can_be_ensured_twice_and_a_query_on_its_first_key_sorted_by_its_second_answers_in_order()
    {
        var samples = Samples();
        IndexKey[] keys = [new("inner.modality"), new("count", Descending: true)];
        await samples.EnsureIndexAsync(keys);
        await samples.EnsureIndexAsync(keys);
        foreach (var (id, count, modality) in new[] { ("a", 3, "CT"), ("b", 8, "MR"), ("c", 5, "CT"), ("d", 1, "CT"), ("e", 9, "US") })
            await samples.InsertAsync(id, SampleDocument.Make(id, count, modality: modality));

        var newest = await samples.FindAsync(DocumentFilter.Eq("inner.modality", "CT"), new FindOptions("count", Descending: true, Limit: 2));
        Assert.Equal(["c", "a"], newest.Select(s => s.Id));
        var rest = await samples.FindAsync(DocumentFilter.Eq("inner.modality", "CT"), new FindOptions("count", Descending: true, Skip: 2));
        Assert.Equal(["d"], rest.Select(s => s.Id));
    }

    [Fact]
    public async Task Explain_says_how_a_query_would_run_or_why_the_server_cannot_say()
    {
        var samples = Samples();
        await samples.EnsureIndexAsync("inner.modality");
        await samples.InsertAsync("1", SampleDocument.Make("one", modality: "US"));
        var plan = await samples.ExplainAsync(DocumentFilter.Eq("inner.modality", "US"), new FindOptions(Limit: 5));
        Assert.False(string.IsNullOrWhiteSpace(plan));
        // Explaining runs nothing: the collection is as it was.
        Assert.Equal(1, await samples.CountAsync(DocumentFilter.All));
    }

    [Fact]
    public async Task Collections_do_not_see_each_other()
    {
        var store = CreateStore();
        await store.Collection<SampleDocument>("left").InsertAsync("same", SampleDocument.Make("left"));
        await store.Collection<SampleDocument>("right").InsertAsync("same", SampleDocument.Make("right"));
        Assert.Equal("left", (await store.Collection<SampleDocument>("left").GetAsync("same"))!.Document.Name);
        Assert.Equal(1, await store.Collection<SampleDocument>("right").CountAsync(DocumentFilter.All));
    }

    [Fact]
    public async Task The_store_answers_a_ping()
    {
        await CreateStore().PingAsync();
    }

    [Fact]
    public void Invalid_collection_names_and_store_owned_fields_are_refused_with_a_reason()
    {
        var store = CreateStore();
        Assert.Contains("must be letters", Assert.Throws<ArgumentException>(() => store.Collection<SampleDocument>("bad name$")).Message);
        Assert.Contains("must be letters", Assert.Throws<ArgumentException>(() => store.Collection<SampleDocument>("with-hyphen")).Message);
        Assert.Contains("must be letters", Assert.Throws<ArgumentException>(() => new DocumentBatch().Delete("with-hyphen", "x")).Message);
        Assert.Contains("belong to the store", Assert.Throws<ArgumentException>(() => DocumentFilter.Eq("_v", 1)).Message);
    }

    [Fact]
    public async Task A_batch_whose_third_of_four_writes_conflicts_applies_none_of_them()
    {
        var store = CreateStore();
        var samples = Samples(store);
        await samples.InsertAsync("kept", SampleDocument.Make("kept"));
        await samples.InsertAsync("stale", SampleDocument.Make("stale"));
        await samples.ReplaceAsync("stale", SampleDocument.Make("stale2"), 1);

        var batch = new DocumentBatch()
            .Insert(samples, "new", SampleDocument.Make("new"))
            .Replace(samples, "kept", SampleDocument.Make("changed"), 1)
            .Replace(samples, "stale", SampleDocument.Make("lost"), 1)
            .Delete(samples, "kept");
        var e = await Assert.ThrowsAsync<ConcurrencyConflictException>(() => store.CommitAsync(batch));

        Assert.Equal(("samples", "stale", 1L), (e.Collection, e.Id, e.ExpectedVersion));
        Assert.Null(await samples.GetAsync("new"));
        var kept = await samples.GetAsync("kept");
        Assert.Equal(("kept", 1L), (kept!.Document.Name, kept.Version));
        Assert.Equal(2, (await samples.GetAsync("stale"))!.Version);
    }

    [Fact]
    public async Task A_batch_with_a_duplicate_insert_or_a_missing_document_applies_nothing_and_names_the_failing_write()
    {
        var store = CreateStore();
        var samples = Samples(store);
        await samples.InsertAsync("there", SampleDocument.Make("there"));

        var duplicate = await Assert.ThrowsAsync<DuplicateDocumentException>(() => store.CommitAsync(new DocumentBatch()
            .Insert(samples, "fresh", SampleDocument.Make("fresh"))
            .Insert(samples, "there", SampleDocument.Make("again"))));
        Assert.Equal("there", duplicate.Id);

        var missing = await Assert.ThrowsAsync<DocumentNotFoundException>(() => store.CommitAsync(new DocumentBatch()
            .Insert(samples, "fresh", SampleDocument.Make("fresh"))
            .Delete(samples, "ghost", expectedVersion: 1)));
        Assert.Equal("ghost", missing.Id);

        Assert.Equal(["there"], await Ids(samples, DocumentFilter.All));
    }

    [Fact]
    public async Task A_batch_over_several_collections_commits_every_write_with_the_versions_that_follow()
    {
        var store = CreateStore();
        var left = store.Collection<SampleDocument>("left");
        var right = store.Collection<SampleInner>("right");
        await left.InsertAsync("a", SampleDocument.Make("a1"));
        await right.InsertAsync("gone", new SampleInner("CT", 1));
        await right.InsertAsync("r", new SampleInner("CT", 1));
        await right.ReplaceAsync("r", new SampleInner("CT", 2), 1);

        await store.CommitAsync(new DocumentBatch()
            .Replace(left, "a", SampleDocument.Make("a2"), 1)
            .Insert(left, "b", SampleDocument.Make("b1"))
            .Replace(right, "r", new SampleInner("MR", 3), 2)
            .Delete(right, "gone", expectedVersion: 1)
            .Delete(right, "never-was"));

        var a = await left.GetAsync("a");
        var b = await left.GetAsync("b");
        var r = await right.GetAsync("r");
        Assert.Equal(("a2", 2L), (a!.Document.Name, a.Version));
        Assert.Equal(("b1", 1L), (b!.Document.Name, b.Version));
        Assert.Equal(("MR", 3L), (r!.Document.Modality, r.Version));
        Assert.Null(await right.GetAsync("gone"));
        // Single writes go on from the versions the batch left.
        await left.ReplaceAsync("a", SampleDocument.Make("a3"), 2);
    }

    [Fact]
    public async Task A_batch_sees_its_own_earlier_writes_and_an_empty_batch_does_nothing()
    {
        var store = CreateStore();
        var samples = Samples(store);
        await store.CommitAsync(new DocumentBatch());
        await store.CommitAsync(new DocumentBatch()
            .Insert(samples, "x", SampleDocument.Make("x1"))
            .Replace(samples, "x", SampleDocument.Make("x2"), 1));
        var x = await samples.GetAsync("x");
        Assert.Equal(("x2", 2L), (x!.Document.Name, x.Version));
    }

    /// <summary>
    /// Concurrent batches that replace one document from the same version: one commits whole, the others change nothing.
    /// Each adapter's class runs it as a fact (the engine must detect the conflict, so it is not in every contract run).
    /// </summary>
    protected async Task ConcurrentBatchesFromTheSameVersionLetExactlyOneCommit()
    {
        var store = CreateStore();
        var samples = Samples(store);
        var marks = store.Collection<SampleInner>("marks");
        await samples.InsertAsync("contended", SampleDocument.Make("start"));
        var attempts = Enumerable.Range(0, 6).Select(async i =>
        {
            try
            {
                await store.CommitAsync(new DocumentBatch()
                    .Insert(marks, $"mark{i}", new SampleInner("CT", i))
                    .Replace(samples, "contended", SampleDocument.Make($"writer{i}"), 1));
                return i;
            }
            catch (ConcurrencyConflictException)
            {
                return -1;
            }
        }).ToList();
        var winner = Assert.Single(await Task.WhenAll(attempts), i => i >= 0);
        Assert.Equal($"writer{winner}", (await samples.GetAsync("contended"))!.Document.Name);
        Assert.Equal([$"mark{winner}"], (await marks.FindAsync(DocumentFilter.All)).Select(m => m.Id));
    }

    private static async Task<string[]> Ids(IDocumentCollection<SampleDocument> samples, DocumentFilter filter) =>
        (await samples.FindAsync(filter)).Select(s => s.Id).ToArray();
}
