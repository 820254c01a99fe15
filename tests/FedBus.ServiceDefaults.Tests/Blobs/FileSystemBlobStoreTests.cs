using System.Security.Cryptography;
using FedBus.ServiceDefaults.Blobs;

namespace FedBus.ServiceDefaults.Tests.Blobs;

public sealed class FileSystemBlobStoreTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("fedbus-blobs-").FullName;

    [Fact]
    public async Task A_blob_is_named_by_the_SHA256_of_its_bytes_and_reads_back_identically()
    {
        var store = new FileSystemBlobStore(_root);
        var bytes = RandomNumberGenerator.GetBytes(300_000);
        var blob = await store.PutAsync(new MemoryStream(bytes));

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), blob.Sha256);
        Assert.Equal(bytes.Length, blob.Length);
        Assert.Equal(bytes, await store.ReadAllBytesAsync(blob.Sha256));
        await using var stream = store.OpenRead(blob.Sha256);
        var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        Assert.Equal(bytes, copy.ToArray());
        Assert.Equal(bytes.Length, store.GetLength(blob.Sha256));
    }

    [Fact]
    public async Task Storing_the_same_bytes_twice_keeps_one_file_and_leaves_no_temp_files()
    {
        var store = new FileSystemBlobStore(_root);
        var bytes = RandomNumberGenerator.GetBytes(1000);
        var a = await store.PutAsync(new MemoryStream(bytes));
        var b = await store.PutAsync(bytes.AsMemory());
        Assert.Equal(a, b);
        Assert.Single(Directory.EnumerateFiles(_root, "*", SearchOption.AllDirectories), f => !f.StartsWith(Path.Combine(_root, "tmp"), StringComparison.Ordinal));
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(_root, "tmp")));
    }

    [Fact]
    public async Task Concurrent_writers_of_the_same_bytes_all_succeed_with_one_blob()
    {
        var store = new FileSystemBlobStore(_root);
        var bytes = RandomNumberGenerator.GetBytes(200_000);
        var refs = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(() => store.PutAsync(new MemoryStream(bytes)))));
        Assert.Single(refs.Distinct());
        Assert.Equal(bytes, await store.ReadAllBytesAsync(refs[0].Sha256));
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(_root, "tmp")));
    }

    [Fact]
    public async Task A_blob_of_the_earlier_two_level_layout_is_still_found_read_and_not_stored_again()
    {
        var bytes = RandomNumberGenerator.GetBytes(5000);
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var legacy = Path.Combine(_root, sha256[..2], sha256[2..4], sha256);
        Directory.CreateDirectory(Path.GetDirectoryName(legacy)!);
        await File.WriteAllBytesAsync(legacy, bytes);

        var store = new FileSystemBlobStore(_root);
        Assert.True(store.Exists(sha256));
        Assert.Equal(bytes, await store.ReadAllBytesAsync(sha256));
        Assert.Equal(bytes.Length, store.GetLength(sha256));
        Assert.Equal(legacy, store.PathOf(sha256));

        var staged = Path.Combine(_root, "staged.dcm");
        await File.WriteAllBytesAsync(staged, bytes);
        Assert.Equal(new BlobRef(sha256, bytes.Length), store.PutFile(staged));
        Assert.Equal(new BlobRef(sha256, bytes.Length), await store.PutAsync(bytes.AsMemory()));
        Assert.False(File.Exists(Path.Combine(_root, sha256[..2], sha256)));
        Assert.True(store.Delete(sha256));
        Assert.False(store.Exists(sha256));
    }

    [Fact]
    public async Task A_store_found_without_the_earlier_layout_does_not_look_for_it_again()
    {
        var store = new FileSystemBlobStore(_root);
        var bytes = RandomNumberGenerator.GetBytes(5000);
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes));
        // Nothing writes that layout any more: one appearing behind a store found without it is not looked for, so every
        // lookup of a missing blob costs one stat, not two, and no later opening lists the blob folders again.
        var legacy = Path.Combine(_root, sha256[..2], sha256[2..4], sha256);
        Directory.CreateDirectory(Path.GetDirectoryName(legacy)!);
        await File.WriteAllBytesAsync(legacy, bytes);

        Assert.False(store.Exists(sha256));
        Assert.False(new FileSystemBlobStore(_root).Exists(sha256));
        Directory.Delete(Path.Combine(_root, ".one-level"));
        Assert.True(new FileSystemBlobStore(_root).Exists(sha256));
    }

    [Fact]
    public async Task New_blobs_go_one_folder_deep_into_folders_made_when_the_store_opens()
    {
        var store = new FileSystemBlobStore(_root);
        Assert.Equal(256, Directory.EnumerateDirectories(_root).Count(d => Path.GetFileName(d).Length == 2));
        var blob = await store.PutAsync(RandomNumberGenerator.GetBytes(1000).AsMemory());
        Assert.Equal(Path.Combine(_root, blob.Sha256[..2], blob.Sha256), store.PathOf(blob.Sha256));
    }

    [Fact]
    public async Task A_failed_write_leaves_neither_a_blob_nor_a_temp_file()
    {
        var store = new FileSystemBlobStore(_root);
        await Assert.ThrowsAsync<IOException>(() => store.PutAsync(new FailingStream(bytesBeforeFailure: 70_000)));
        Assert.Empty(Directory.EnumerateFiles(_root, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Missing_blobs_and_malformed_names_give_clear_errors()
    {
        var store = new FileSystemBlobStore(_root);
        var missing = new string('a', 64);
        Assert.False(store.Exists(missing));
        Assert.Null(store.GetLength(missing));
        Assert.Throws<BlobNotFoundException>(() => store.OpenRead(missing));
        await Assert.ThrowsAsync<BlobNotFoundException>(() => store.ReadAllBytesAsync(missing));
        var traversal = Assert.Throws<ArgumentException>(() => store.OpenRead("../../etc/passwd"));
        Assert.Contains("SHA-256", traversal.Message);
    }

    [Fact]
    public void Segments_are_stored_as_their_concatenation_and_known_bytes_are_not_written_again()
    {
        var store = new FileSystemBlobStore(_root);
        var a = RandomNumberGenerator.GetBytes(1000);
        var b = RandomNumberGenerator.GetBytes(70_000);
        var blob = store.Put([a, b]);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData([.. a, .. b])), blob.Sha256);
        Assert.Equal([.. a, .. b], File.ReadAllBytes(store.PathOf(blob.Sha256)));

        var written = File.GetLastWriteTimeUtc(store.PathOf(blob.Sha256));
        File.SetLastWriteTimeUtc(store.PathOf(blob.Sha256), written.AddDays(-1));
        Assert.Equal(blob, store.Put([a.AsMemory(), b.AsMemory()]));
        Assert.Equal(written.AddDays(-1), File.GetLastWriteTimeUtc(store.PathOf(blob.Sha256)));
        store.FlushToDisk();
    }

    [Fact]
    public void A_fan_out_folder_removed_while_the_store_runs_is_made_again()
    {
        var store = new FileSystemBlobStore(_root);
        var bytes = RandomNumberGenerator.GetBytes(5000);
        var blob = store.Put([bytes]);
        Directory.Delete(Path.GetDirectoryName(store.PathOf(blob.Sha256))!, recursive: true);

        Assert.Equal(blob, store.Put([bytes]));
        Assert.Equal(bytes, File.ReadAllBytes(store.PathOf(blob.Sha256)));
    }

    [Fact]
    public async Task Deleting_a_blob_removes_it()
    {
        var store = new FileSystemBlobStore(_root);
        var blob = await store.PutAsync(new byte[] { 1, 2, 3 }.AsMemory());
        Assert.True(store.Delete(blob.Sha256));
        Assert.False(store.Exists(blob.Sha256));
        Assert.False(store.Delete(blob.Sha256));
    }

    [Fact]
    public void A_file_put_into_the_store_becomes_the_blob_of_its_bytes_and_stays_where_it_was()
    {
        var store = new FileSystemBlobStore(_root);
        var bytes = RandomNumberGenerator.GetBytes(700_000);
        var first = Path.Combine(_root, "first.part");
        var second = Path.Combine(_root, "second.part");
        File.WriteAllBytes(first, bytes);
        File.WriteAllBytes(second, bytes);

        var blob = store.PutFile(first);
        Assert.Equal((Convert.ToHexStringLower(SHA256.HashData(bytes)), (long)bytes.Length), (blob.Sha256, blob.Length));
        Assert.Equal(blob, store.PutFile(second));
        Assert.True(File.Exists(first) && File.Exists(second));
        File.Delete(first);
        File.Delete(second);
        Assert.Equal(bytes, File.ReadAllBytes(store.PathOf(blob.Sha256)));
        Assert.Throws<FileNotFoundException>(() => store.PutFile(first));
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private sealed class FailingStream(int bytesBeforeFailure) : Stream
    {
        private int _given;
        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_given >= bytesBeforeFailure) throw new IOException("network dropped");
            var n = Math.Min(count, bytesBeforeFailure - _given);
            _given += n;
            return n;
        }
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _given; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
