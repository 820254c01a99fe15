using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace FedBus.ServiceDefaults.Blobs;

/// <summary>
/// Blobs as files named by their SHA-256 under root/ab/ (256 folders, made up front). Writes go to a temp file in
/// root/tmp (same file system), are flushed to disk, then renamed into place, so a reader never sees half a blob and a
/// crash leaves only temp files. Blobs of the earlier layout, root/ab/cd/, are still found where they are, in a store that
/// held any when it was first opened by this version.
/// </summary>
public sealed partial class FileSystemBlobStore : IBlobStore
{
    private readonly string _root;
    private readonly string _temp;
    private readonly bool _flushToDisk;
    // Whether the store held blobs of the earlier layout when it opened (nothing writes that layout since): if not, no
    // lookup pays a second stat for it (a failed lstat per instance on ingestion's commit path).
    private readonly bool _hasLegacyLayout;

    // A folder made once a store is found without the earlier layout, so later openings need not list every blob folder
    // (a folder, not a file: the store's files are its blobs).
    private const string OneLevelMarker = ".one-level";

    /// <param name="root">Folder of the store.</param>
    /// <param name="flushToDisk">
    /// fsync each blob before it becomes visible, so no write returns before its blob is durable. Off (default), writes
    /// reach the page cache and <see cref="FlushToDisk"/> makes them durable in one go.
    /// </param>
    public FileSystemBlobStore(string root, bool flushToDisk = false)
    {
        _flushToDisk = flushToDisk;
        _root = Path.GetFullPath(root);
        _temp = Path.Combine(_root, "tmp");
        Directory.CreateDirectory(_temp);
        // A fresh store would otherwise make a folder with most of its first blobs: a mkdir per instance on the answer path.
        for (var prefix = 0; prefix < 256; prefix++) Directory.CreateDirectory(Path.Combine(_root, prefix.ToString("x2")));
        _hasLegacyLayout = HasLegacyLayout();
    }

    private bool HasLegacyLayout()
    {
        var marker = Path.Combine(_root, OneLevelMarker);
        if (Directory.Exists(marker)) return false;
        // Lists each folder until it meets a subfolder: without one, that is every blob, so it is done once per store.
        if (Enumerable.Range(0, 256).Any(prefix => Directory.EnumerateDirectories(Path.Combine(_root, prefix.ToString("x2"))).Any())) return true;
        try
        {
            Directory.CreateDirectory(marker);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A store this process may only read: it lists the folders again at its next opening.
        }
        return false;
    }

    public string Root => _root;

    public Task<BlobRef> PutAsync(Stream content, CancellationToken cancellationToken = default) =>
        PutAsync((target, ct) => new ValueTask(content.CopyToAsync(target, 1 << 16, ct)), cancellationToken);

    public async Task<BlobRef> PutAsync(Func<Stream, CancellationToken, ValueTask> write, CancellationToken cancellationToken = default)
    {
        var tempPath = Path.Combine(_temp, Guid.NewGuid().ToString("N"));
        try
        {
            string sha256;
            long length;
            await using (var file = new FileStream(tempPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous))
            using (var hashing = new HashingWriteStream(file))
            {
                await write(hashing, cancellationToken);
                await hashing.FlushAsync(cancellationToken);
                if (_flushToDisk) file.Flush(flushToDisk: true);
                sha256 = hashing.HashHex();
                length = hashing.Length;
            }
            Commit(tempPath, sha256);
            return new BlobRef(sha256, length);
        }
        finally
        {
            if (File.Exists(tempPath)) File.Delete(tempPath);
        }
    }

    public async Task<BlobRef> PutAsync(ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(content.Span));
        if (Exists(sha256)) return new BlobRef(sha256, content.Length);
        var tempPath = Path.Combine(_temp, Guid.NewGuid().ToString("N"));
        try
        {
            await using (var file = new FileStream(tempPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous))
            {
                await file.WriteAsync(content, cancellationToken);
                if (_flushToDisk) file.Flush(flushToDisk: true);
            }
            Commit(tempPath, sha256);
            return new BlobRef(sha256, content.Length);
        }
        finally
        {
            if (File.Exists(tempPath)) File.Delete(tempPath);
        }
    }

    public BlobRef Put(IReadOnlyList<ReadOnlyMemory<byte>> segments)
    {
        long length = 0;
        string sha256;
        using (var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
        {
            foreach (var segment in segments)
            {
                hash.AppendData(segment.Span);
                length += segment.Length;
            }
            sha256 = Convert.ToHexStringLower(hash.GetHashAndReset());
        }
        if (Exists(sha256)) return new BlobRef(sha256, length);

        var tempPath = Path.Combine(_temp, Guid.NewGuid().ToString("N"));
        try
        {
            using (var handle = File.OpenHandle(tempPath, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                RandomAccess.Write(handle, segments, 0);
                if (_flushToDisk) RandomAccess.FlushToDisk(handle);
            }
            Commit(tempPath, sha256);
            return new BlobRef(sha256, length);
        }
        finally
        {
            if (File.Exists(tempPath)) File.Delete(tempPath);
        }
    }

    public BlobRef PutFile(string path)
    {
        string sha256;
        long length;
        using (var handle = File.OpenHandle(path, FileMode.Open, _flushToDisk ? FileAccess.ReadWrite : FileAccess.Read))
        {
            length = RandomAccess.GetLength(handle);
            sha256 = HashOf(handle, length);
            if (_flushToDisk) RandomAccess.FlushToDisk(handle);
        }
        return LinkOrCopy(path, sha256, length);
    }

    public BlobRef PutFile(string path, BlobRef hashed)
    {
        if (!Sha256Name().IsMatch(hashed.Sha256))
            throw new ArgumentException($"'{hashed.Sha256}' is not a lower-case hex SHA-256.", nameof(hashed));
        if (_flushToDisk)
        {
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite);
            RandomAccess.FlushToDisk(handle);
        }
        return LinkOrCopy(path, hashed.Sha256, hashed.Length);
    }

    private BlobRef LinkOrCopy(string path, string sha256, long length)
    {
        // Already stored in this layout: the link says so (EEXIST), so only the earlier layout needs a look first.
        var final = NewPathOf(sha256);
        if (_hasLegacyLayout && File.Exists(LegacyPathOf(sha256))) return new BlobRef(sha256, length);
        if (Link(path, final) == 0) return new BlobRef(sha256, length);
        var errno = Marshal.GetLastPInvokeError();
        if (errno == EExist) return new BlobRef(sha256, length);
        if (errno == ENoEnt)
        {
            // The fan-out folder was removed behind our back: make it again.
            Directory.CreateDirectory(Path.GetDirectoryName(final)!);
            if (Link(path, final) == 0 || Marshal.GetLastPInvokeError() == EExist) return new BlobRef(sha256, length);
        }

        // Another file system, or one without hard links: copy through a temp file.
        var tempPath = Path.Combine(_temp, Guid.NewGuid().ToString("N"));
        try
        {
            File.Copy(path, tempPath);
            Commit(tempPath, sha256);
            return new BlobRef(sha256, length);
        }
        finally
        {
            if (File.Exists(tempPath)) File.Delete(tempPath);
        }
    }

    private const int ENoEnt = 2;
    private const int EExist = 17;

    [DllImport("libc", EntryPoint = "link", SetLastError = true)]
    private static extern int Link([MarshalAs(UnmanagedType.LPUTF8Str)] string existing, [MarshalAs(UnmanagedType.LPUTF8Str)] string created);

    private static string HashOf(Microsoft.Win32.SafeHandles.SafeFileHandle handle, long length)
    {
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(1 << 18);
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            for (long offset = 0; offset < length;)
            {
                var read = RandomAccess.Read(handle, buffer.AsSpan(0, (int)Math.Min(buffer.Length, length - offset)), offset);
                if (read == 0) throw new IOException($"The file ended after {offset} of {length} bytes while being hashed.");
                hash.AppendData(buffer, 0, read);
                offset += read;
            }
            return Convert.ToHexStringLower(hash.GetHashAndReset());
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public Stream OpenRead(string sha256)
    {
        try
        {
            return new FileStream(PathOf(sha256), FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new BlobNotFoundException(sha256);
        }
    }

    public async Task<byte[]> ReadAllBytesAsync(string sha256, CancellationToken cancellationToken = default)
    {
        try
        {
            return await File.ReadAllBytesAsync(PathOf(sha256), cancellationToken);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new BlobNotFoundException(sha256);
        }
    }

    public bool Exists(string sha256) => File.Exists(NewPathOf(sha256)) || (_hasLegacyLayout && File.Exists(LegacyPathOf(sha256)));

    public long? GetLength(string sha256)
    {
        var info = new FileInfo(PathOf(sha256));
        return info.Exists ? info.Length : null;
    }

    public bool Delete(string sha256)
    {
        var path = PathOf(sha256);
        if (!File.Exists(path)) return false;
        File.Delete(path);
        return true;
    }

    public void FlushToDisk()
    {
        // syncfs flushes the whole file system in one call: every blob (and its rename) written so far.
        using var anchor = File.OpenHandle(Path.Combine(_temp, ".syncfs"), FileMode.OpenOrCreate, FileAccess.Read, FileShare.ReadWrite);
        if (SyncFs(anchor.DangerousGetHandle().ToInt32()) != 0)
            throw new IOException($"syncfs on the blob store at {_root} failed (errno {Marshal.GetLastPInvokeError()}).");
    }

    [DllImport("libc", EntryPoint = "syncfs", SetLastError = true)]
    private static extern int SyncFs(int fd);

    /// <summary>
    /// The file behind a blob: where it is (this layout or the earlier one), else where it would be written. Validates the
    /// name so no caller can reach outside the root.
    /// </summary>
    public string PathOf(string sha256)
    {
        var path = NewPathOf(sha256);
        if (!_hasLegacyLayout || File.Exists(path)) return path;
        var legacy = LegacyPathOf(sha256);
        return File.Exists(legacy) ? legacy : path;
    }

    private string NewPathOf(string sha256)
    {
        if (!Sha256Name().IsMatch(sha256))
            throw new ArgumentException($"'{sha256}' is not a lower-case hex SHA-256.", nameof(sha256));
        return Path.Combine(_root, sha256[..2], sha256);
    }

    // Stores written before the one-level layout: root/ab/cd/.
    private string LegacyPathOf(string sha256) => Path.Combine(_root, sha256[..2], sha256[2..4], sha256);

    private void Commit(string tempPath, string sha256)
    {
        var final = NewPathOf(sha256);
        var folder = Path.GetDirectoryName(final)!;
        try
        {
            File.Move(tempPath, final, overwrite: false);
        }
        catch (DirectoryNotFoundException)
        {
            // The folder was removed behind our back (an operator cleaning up): make it again rather than fail forever.
            Directory.CreateDirectory(folder);
            File.Move(tempPath, final, overwrite: false);
        }
        catch (IOException) when (File.Exists(final))
        {
            // Someone stored the same bytes first; content addressing makes theirs ours.
        }
    }

    [GeneratedRegex("^[0-9a-f]{64}$")]
    private static partial Regex Sha256Name();
}
