using FedBus.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace FedBus.Ingestion.Tests;

/// <summary>However a C-STORE's bytes are hashed, the blob's name is the SHA-256 of exactly the file stored under it.</summary>
public sealed class BlobHashingTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("fedbus-hashing-").FullName;

    [Theory]
    // The default: 512 KB slices hashed while received, starting once past 256 KB (catching up on the first bytes);
    // 8 KB slices after the answer, from memory.
    [InlineData(null, null)]
    // None while received: from memory, the committer woken before its batch ends; the rest from their files once
    // 2 MB are waiting.
    [InlineData("HashWhileReceivingAbove", "9223372036854775807", "MaxUnhashedBytes", "2097152")]
    // No memory may wait: the small slices are hashed from their written files.
    [InlineData("MaxUnhashedBytes", "0")]
    // Every byte while received, on the association's thread.
    [InlineData("HashWhileReceivingAbove", "0")]
    public async Task Each_way_of_hashing_names_every_blob_by_the_SHA_256_of_the_bytes_stored_under_it(params string?[] settings)
    {
        var configuration = settings.Chunk(2).Where(kv => kv[0] is not null).ToDictionary(kv => $"FedBus:Ingestion:{kv[0]}", kv => kv[1]!);
        await using var host = await IngestionHost.StartAsync(Path.Combine(_folder, "data"), configuration);
        var large = new SyntheticStudy(InstancesPerSeries: 12, Rows: 512, Columns: 512);
        var small = new SyntheticStudy(InstancesPerSeries: 12, Rows: 64, Columns: 64, Seed: 2);
        List<string> files = [.. SyntheticDicom.WriteStudy(Path.Combine(_folder, "large"), large), .. SyntheticDicom.WriteStudy(Path.Combine(_folder, "small"), small)];

        var (code, output) = await DcmtkTools.StoreAsync(host.DicomPort, files);
        Assert.True(code == 0, output);

        foreach (var (study, smallest, largest) in new[] { (large, 512 * 512 * 2, 600_000), (small, 64 * 64 * 2, 20_000) })
        {
            var indexed = await host.Index.InstancesOfStudyAsync(study.StudyInstanceUid, CancellationToken.None);
            Assert.Equal(12, indexed.Count);
            foreach (var record in indexed.Select(i => i.Document))
            {
                var stored = await host.Blobs.ReadAllBytesAsync(record.BlobSha256);
                Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(stored)), record.BlobSha256);
                Assert.Equal(stored.Length, record.SizeBytes);
                Assert.InRange(stored.Length, smallest, largest);
            }
        }
    }

    [Fact]
    public async Task Memory_for_instances_waiting_to_be_hashed_is_given_back_once_they_are_and_refused_beyond_its_bound()
    {
        await using var host = await IngestionHost.StartAsync(Path.Combine(_folder, "data"), new Dictionary<string, string> { ["FedBus:Ingestion:MaxUnhashedBytes"] = "1048576" });
        var committer = host.Services.GetRequiredService<FedBus.Ingestion.Storing.IndexCommitter>();

        // Eight small instances, each holding a 256 KB chunk until hashed: more than the 1 MB bound lets wait at once.
        var study = new SyntheticStudy(InstancesPerSeries: 8, Seed: 3);
        var (code, output) = await DcmtkTools.StoreAsync(host.DicomPort, SyntheticDicom.WriteStudy(Path.Combine(_folder, "sent"), study));
        Assert.True(code == 0, output);
        Assert.Equal(8, (await host.Index.InstancesOfStudyAsync(study.StudyInstanceUid, CancellationToken.None)).Count);

        // The release was answered, so all are hashed and indexed: the whole bound is free again, and no more than it.
        Assert.True(committer.TryReserveMemory(1_048_576));
        Assert.False(committer.TryReserveMemory(1));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
