using FedBus.ServiceDefaults.Storage;

namespace FedBus.ServiceDefaults.Tests.Storage;

/// <summary>When LiteDB copies its write-ahead log into the data file: when the store is idle, not inside a busy commit.</summary>
public sealed class LiteDbCheckpointTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("fedbus-litedb-checkpoint-").FullName;

    [Fact]
    public async Task An_idle_store_copies_its_log_into_the_data_file_and_one_without_the_idle_copy_keeps_it()
    {
        // The store without the idle copy first: on a loaded machine its writes can take longer than the idle delay, and
        // the other store's log must be looked at before that delay has passed.
        var (busy, busyLog, _) = await WrittenStoreAsync(TimeSpan.Zero);
        var (idle, idleLog, idleLogAfterWrites) = await WrittenStoreAsync(TimeSpan.FromMilliseconds(500));
        using (idle)
        using (busy)
        {
            // Both logs hold the writes: 20 batches stay far below the bound of 100,000 pages.
            Assert.True(idleLogAfterWrites > 0, "the writes went to the log");
            for (var waited = 0; waited < 100 && new FileInfo(idleLog).Length > 0; waited++) await Task.Delay(100);

            Assert.Equal(0, new FileInfo(idleLog).Length);
            Assert.True(new FileInfo(busyLog).Length > 0, "without the idle copy, the log waits for its bound");
            // Copied, not lost, and the store is healthy.
            Assert.Equal(400, (await idle.Collection<SampleDocument>("samples").FindAsync(DocumentFilter.Eq("inner.modality", "MR"))).Count);
            await idle.PingAsync();
        }
    }

    private async Task<(LiteDbDocumentStore Store, string Log, long LogAfterWrites)> WrittenStoreAsync(TimeSpan idleCheckpoint)
    {
        var file = Path.Combine(_folder, $"{Guid.NewGuid():N}.db");
        var store = new LiteDbDocumentStore($"Filename={file}", checkpointPages: 100_000, idleCheckpoint);
        var samples = store.Collection<SampleDocument>("samples");
        for (var b = 0; b < 20; b++)
        {
            var batch = new DocumentBatch();
            for (var i = 0; i < 20; i++) batch.Insert(samples, $"{b}-{i}", SampleDocument.Make($"{b}-{i}", count: i));
            await store.CommitAsync(batch);
        }
        var log = Path.Combine(_folder, $"{Path.GetFileNameWithoutExtension(file)}-log.db");
        return (store, log, new FileInfo(log).Length);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
