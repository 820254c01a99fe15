using FedBus.Testing;

namespace FedBus.LogAudit.Tests;

/// <summary>Every log file the suite's hosts and child processes captured, and the identities its test data used.</summary>
public sealed class CapturedLogs
{
    public CapturedLogs()
    {
        var directory = LogCapture.Directory;
        if (Directory.Exists(directory))
        {
            Files = Directory.GetFiles(directory, "*.log").Order(StringComparer.Ordinal)
                .Select(path => new CapturedLog(Path.GetFileName(path), File.ReadAllLines(path))).ToList();
            Identities = Directory.GetFiles(directory, TestIdentities.FilePrefix + "*.txt")
                .SelectMany(File.ReadAllLines).Where(l => l.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        }
    }

    public IReadOnlyList<CapturedLog> Files { get; } = [];

    public IReadOnlyList<string> Identities { get; } = [];
}
