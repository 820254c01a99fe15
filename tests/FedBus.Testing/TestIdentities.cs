using System.Collections.Concurrent;

namespace FedBus.Testing;

/// <summary>
/// The patient ids, names and accession numbers the test data used, written beside the captured logs
/// (identities-{pid}.txt in <see cref="LogCapture.Directory"/>) so the log audit can look for each of them.
/// UIDs need no list: the audit flags every UID that is not a well-known one.
/// </summary>
public static class TestIdentities
{
    public const string FilePrefix = "identities-";

    private static readonly ConcurrentDictionary<string, bool> Recorded = new(StringComparer.Ordinal);
    private static readonly Lock FileLock = new();

    public static void Record(params string?[] identities)
    {
        var fresh = identities.Where(i => !string.IsNullOrWhiteSpace(i) && Recorded.TryAdd(i!, true)).ToList();
        if (fresh.Count == 0) return;
        lock (FileLock)
        {
            System.IO.Directory.CreateDirectory(LogCapture.Directory);
            File.AppendAllLines(Path.Combine(LogCapture.Directory, $"{FilePrefix}{Environment.ProcessId}.txt"), fresh!);
        }
    }
}
