using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace FedBus.Dicom.Imaging;

/// <summary>
/// Runs GDCM in a child process (FedBus.Dicom.GdcmWorker, embedded in this assembly and started
/// with <c>dotnet exec</c>). GDCM aborts or corrupts its heap on some corrupt JPEG / JPEG 2000
/// data; in a child process that costs one restart instead of the service.
/// </summary>
internal sealed class GdcmWorkerClient : IDisposable
{
    private const string ResourceName = "FedBus.Dicom.GdcmWorker.dll";
    private static readonly TimeSpan DecodeTimeout = TimeSpan.FromSeconds(120);

    private readonly Lock gate = new();
    private readonly ConcurrentQueue<string> stderrTail = new();
    private Process? process;
    private BinaryWriter? requests;
    private BinaryReader? results;

    public static GdcmWorkerClient Shared { get; } = new();

    /// <summary>How many worker processes were started (restarts after a crash included).</summary>
    public int Starts { get; private set; }

    public GdcmFrameResult Decode(GdcmFrameRequest request)
    {
        lock (gate)
        {
            try
            {
                EnsureStarted();
                GdcmWire.WriteRequest(requests!, request);
                var reading = Task.Run(() => GdcmWire.ReadResult(results!));
                if (!reading.Wait(DecodeTimeout))
                {
                    Stop();
                    return GdcmFrameResult.Failed($"GDCM did not decode the frame within {DecodeTimeout.TotalSeconds} s; worker stopped");
                }

                return reading.Result;
            }
            catch (Exception ex) when (ex is IOException or EndOfStreamException or ObjectDisposedException
                or AggregateException or InvalidOperationException)
            {
                var exit = process is { HasExited: true } p ? p.ExitCode.ToString(CultureInfo.InvariantCulture) : "unknown";
                Thread.Sleep(50); // let the last stderr lines arrive
                var why = string.Join(" | ", stderrTail.TakeLast(4));
                Stop();
                return GdcmFrameResult.Failed(
                    $"the GDCM decoder process died (exit code {exit}) on this frame, which is probably corrupt: {why}");
            }
        }
    }

    public void Dispose()
    {
        lock (gate)
        {
            Stop();
        }
    }

    private void EnsureStarted()
    {
        if (process is { HasExited: false })
        {
            return;
        }

        Stop();
        var worker = ExtractWorker();
        var psi = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in (string[])["exec", "--runtimeconfig", Path.ChangeExtension(worker, ".runtimeconfig.json"), worker, AppContext.BaseDirectory])
        {
            psi.ArgumentList.Add(a);
        }

        var p = Process.Start(psi) ?? throw new InvalidOperationException("could not start the GDCM worker");
        p.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { Length: > 0 } line)
            {
                stderrTail.Enqueue(line);
                while (stderrTail.Count > 20)
                {
                    stderrTail.TryDequeue(out string? _);
                }
            }
        };
        p.BeginErrorReadLine();
        process = p;
        requests = new BinaryWriter(p.StandardInput.BaseStream, GdcmWire.TextEncoding);
        results = new BinaryReader(p.StandardOutput.BaseStream, GdcmWire.TextEncoding);
        Starts++;
    }

    private void Stop()
    {
        var p = process;
        process = null;
        requests = null;
        results = null;
        if (p is null)
        {
            return;
        }

        try
        {
            p.StandardInput.Close();
            if (!p.WaitForExit(2000))
            {
                p.Kill(entireProcessTree: true);
            }
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // Already gone.
        }
        finally
        {
            p.Dispose();
        }
    }

    // The worker is embedded in this assembly; extract it once per content (hash in the folder
    // name) and only reuse an extracted copy whose bytes are exactly ours (the temp folder is shared).
    private static string ExtractWorker()
    {
        using var resource = typeof(GdcmWorkerClient).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"resource {ResourceName} missing from FedBus.Dicom");
        using var ms = new MemoryStream();
        resource.CopyTo(ms);
        var bytes = ms.ToArray();
        var v = Environment.Version;
        var version = $"{v.Major}.{v.Minor}";
        var config = System.Text.Encoding.UTF8.GetBytes(
            "{\"runtimeOptions\":{\"tfm\":\"net" + version + "\",\"rollForward\":\"LatestMajor\","
            + "\"framework\":{\"name\":\"Microsoft.NETCore.App\",\"version\":\"" + version + ".0\"}}}");
        var hash = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData([.. bytes, .. config]))[..16];
        var shared = Path.Combine(Path.GetTempPath(), $"fedbus-gdcm-worker-{hash}");
        return TryExtract(shared, bytes, config)
            ?? TryExtract(Path.Combine(Path.GetTempPath(), $"fedbus-gdcm-worker-{hash}-{Environment.ProcessId}-{Guid.NewGuid():N}"), bytes, config)
            ?? throw new InvalidOperationException("could not extract the GDCM worker to the temporary folder");
    }

    private static string? TryExtract(string dir, byte[] dllBytes, byte[] configBytes)
    {
        var dll = Path.Combine(dir, "FedBus.Dicom.GdcmWorker.dll");
        var config = Path.ChangeExtension(dll, ".runtimeconfig.json");
        try
        {
            if (Same(dll, dllBytes) && Same(config, configBytes))
            {
                return dll;
            }

            Directory.CreateDirectory(dir);
            var unique = "." + Environment.ProcessId + "." + Guid.NewGuid().ToString("N");
            File.WriteAllBytes(dll + unique, dllBytes);
            File.Move(dll + unique, dll, overwrite: true);
            File.WriteAllBytes(config + unique, configBytes);
            File.Move(config + unique, config, overwrite: true);
            return Same(dll, dllBytes) && Same(config, configBytes) ? dll : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        static bool Same(string path, byte[] expected) =>
            File.Exists(path) && File.ReadAllBytes(path).AsSpan().SequenceEqual(expected);
    }

    // The dotnet host running us: <root>/shared/Microsoft.NETCore.App/<version>/ -> <root>/dotnet.
    private static string DotnetHost()
    {
        var root = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
        var host = Path.Combine(root, "dotnet");
        return File.Exists(host) ? host : "dotnet";
    }
}
