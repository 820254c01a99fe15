using System.Diagnostics;
using System.Text;
using System.Threading.Channels;

namespace FedBus.Testing;

/// <summary>A child process whose output a test can wait on line by line; killed (with its children) on dispose.</summary>
public sealed class ExternalProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();
    private readonly StringBuilder _transcript = new();
    private readonly Lock _transcriptLock = new();
    private readonly List<string> _allLines = [];
    private int _endedStreams;

    private ExternalProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => OnLine(e.Data);
        _process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        _process.EnableRaisingEvents = true;
        // The output ends when both pipes reach their end, which can be after the exit is seen: a line printed just
        // before a crash must still be read. A grandchild holding a pipe open must not keep it open for ever, though.
        _process.Exited += (_, _) => _ = Task.Delay(TimeSpan.FromSeconds(5)).ContinueWith(_ => _lines.Writer.TryComplete(), TaskScheduler.Default);
    }

    public int Id => _process.Id;
    public bool HasExited => _process.HasExited;

    public string Transcript
    {
        get { lock (_transcriptLock) return _transcript.ToString(); }
    }

    public static ExternalProcess Start(string fileName, IEnumerable<string> arguments, IDictionary<string, string>? environment = null, string? workingDirectory = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var a in arguments) info.ArgumentList.Add(a);
        foreach (var (k, v) in environment ?? new Dictionary<string, string>()) info.Environment[k] = v;
        var process = new Process { StartInfo = info };
        var external = new ExternalProcess(process);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return external;
    }

    /// <summary>Starts a built .NET assembly of this solution with `dotnet`.</summary>
    public static ExternalProcess StartDotnet(string assemblyPath, IEnumerable<string> arguments, IDictionary<string, string>? environment = null) =>
        Start("dotnet", new[] { assemblyPath }.Concat(arguments), environment, Path.GetDirectoryName(assemblyPath));

    /// <summary>Waits until some line of the output so far or to come satisfies the predicate; fails with the transcript.</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> predicate, TimeSpan timeout, string what) =>
        (await WaitForLinesAsync(predicate, 1, timeout, what))[0];

    /// <summary>Waits until <paramref name="count"/> lines of the output satisfy the predicate.</summary>
    public async Task<IReadOnlyList<string>> WaitForLinesAsync(Func<string, bool> predicate, int count, TimeSpan timeout, string what)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (true)
        {
            List<string> matches;
            lock (_transcriptLock) matches = _allLines.Where(predicate).Take(count).ToList();
            if (matches.Count == count) return matches;
            try
            {
                if (!await _lines.Reader.WaitToReadAsync(cts.Token))
                {
                    lock (_transcriptLock) matches = _allLines.Where(predicate).Take(count).ToList();
                    if (matches.Count == count) return matches;
                    throw new InvalidOperationException($"Process exited (code {SafeExitCode()}) before {what}. Output:\n{Transcript}");
                }
                while (_lines.Reader.TryRead(out _)) { }
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"Waited {timeout.TotalSeconds:0} s for {what}. Output so far:\n{Transcript}");
            }
        }
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"Process did not exit within {timeout.TotalSeconds:0} s. Output:\n{Transcript}");
        }
        return _process.ExitCode;
    }

    /// <summary>Kills the process at once (SIGKILL on Linux, as `kill -9`: no handler, no flush runs) and waits for it.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        _process.Dispose();
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            if (Interlocked.Increment(ref _endedStreams) == 2) _lines.Writer.TryComplete();
            return;
        }
        lock (_transcriptLock)
        {
            _transcript.AppendLine(line);
            _allLines.Add(line);
        }
        _lines.Writer.TryWrite(line);
    }

    private string SafeExitCode()
    {
        try { return _process.ExitCode.ToString(System.Globalization.CultureInfo.InvariantCulture); }
        catch (InvalidOperationException) { return "?"; }
    }
}
