using Microsoft.Extensions.Logging;

namespace FedBus.ServiceDefaults.Logging;

/// <summary>
/// Writes what this process logs at Information and above — under the same filters as the console, scopes included —
/// to one plain-text file in FedBus:Logging:CaptureDirectory. The test suite sets that directory for every host and
/// child process it starts and audits the files for patient identity; a site without a log collector can use it too.
/// </summary>
[ProviderAlias("FileCapture")]
public sealed class FileCaptureLoggerProvider : ILoggerProvider, ISupportExternalScope
{
    private readonly StreamWriter _writer;
    private readonly Lock _lock = new();
    private bool _disposed;

    public FileCaptureLoggerProvider(string directory, string serviceName)
    {
        Directory.CreateDirectory(directory);
        // One file per provider: several hosts may share a process (tests, the embedded demo) and a directory.
        FilePath = Path.Combine(directory, $"{serviceName}-{Environment.ProcessId}-{Guid.NewGuid():N}.log");
        _writer = new StreamWriter(new FileStream(FilePath, FileMode.CreateNew, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
    }

    public string FilePath { get; }

    internal IExternalScopeProvider? Scopes { get; private set; }

    public ILogger CreateLogger(string categoryName) => new FileCaptureLogger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => Scopes = scopeProvider;

    internal void Write(string entry)
    {
        // Flushed per entry: a process killed mid-test has still left every line it logged.
        lock (_lock)
        {
            if (!_disposed) _writer.Write(entry);
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed) return;
            _disposed = true;
            _writer.Dispose();
        }
    }
}
