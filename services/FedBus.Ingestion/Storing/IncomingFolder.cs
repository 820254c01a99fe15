using System.Globalization;
using FedBus.ServiceDefaults;

namespace FedBus.Ingestion.Storing;

/// <summary>
/// Where received instances wait, as whole Part 10 files, between their answer and their commit to the blob store and
/// index. A file is written in one go under a name that carries its length and its source, so after a crash (the page
/// cache survives a killed process) the committer can tell a finished file, which was answered, from one cut short,
/// which was not. It must be on the blob store's file system: blobs are hard links to these files.
/// </summary>
public sealed class IncomingFolder
{
    private const string Suffix = ".dcm";
    private const string SpoolSuffix = ".part";

    public IncomingFolder(IngestionOptions options, FedBusOptions fedBus)
    {
        Root = Path.GetFullPath(options.IncomingDirectory ?? Path.Combine(fedBus.DataDirectory, "incoming"));
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    // Names are this process's random prefix and a counter: unique across restarts and processes sharing the folder,
    // without reading the random source once per instance.
    private readonly string _prefix = Guid.NewGuid().ToString("N");
    private long _counter;

    /// <summary>A fresh name for an instance of <paramref name="length"/> bytes, written at once.</summary>
    public string NewInstancePath(long length, Index.IngestSource source) =>
        Path.Combine(Root, $"{NewName()}.{length.ToString(CultureInfo.InvariantCulture)}.{Tag(source)}{Suffix}");

    /// <summary>A fresh name for a file written bit by bit (a STOW-RS part); <see cref="Finish"/> names it when it is whole.</summary>
    public string NewSpoolPath() => Path.Combine(Root, $"{NewName()}{SpoolSuffix}");

    private string NewName() => $"{_prefix}-{Interlocked.Increment(ref _counter).ToString("x", CultureInfo.InvariantCulture)}";

    public string Finish(string spoolPath, Index.IngestSource source)
    {
        var length = new FileInfo(spoolPath).Length;
        var path = NewInstancePath(length, source);
        File.Move(spoolPath, path);
        return path;
    }

    /// <summary>
    /// Files left by an earlier run: the finished ones to commit, with their source. Unfinished ones (a spool, or a
    /// file shorter than its name says) were never answered and are deleted.
    /// </summary>
    public IReadOnlyList<(string Path, Index.IngestSource Source)> Leftovers()
    {
        var finished = new List<(string, Index.IngestSource)>();
        foreach (var path in Directory.EnumerateFiles(Root))
        {
            var parts = Path.GetFileName(path).Split('.');
            if (path.EndsWith(Suffix, StringComparison.Ordinal) && parts.Length == 4
                && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var length)
                && new FileInfo(path).Length == length && parts[2] is "c" or "s")
            {
                finished.Add((path, parts[2] == "c" ? Index.IngestSource.CStore : Index.IngestSource.StowRs));
            }
            else
            {
                File.Delete(path);
            }
        }
        return finished;
    }

    public static void Delete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Left for the next start-up, which finds its instance indexed already.
        }
    }

    private static string Tag(Index.IngestSource source) => source == Index.IngestSource.CStore ? "c" : "s";
}
