using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace FedBus.Bench.Ingestion;

/// <summary>Processes, ports, DCMTK's storescu and CPU clocks.</summary>
internal static class Tools
{
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? double.NaN : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    /// <summary>
    /// One storescu per file list, all at once (TCP_NODELAY=1, as a PACS administrator would set it); the time until the
    /// last of them has had its release answered.
    /// </summary>
    public static async Task<double> StorescuAsync(string calledAe, int port, IReadOnlyList<IReadOnlyList<string>> associations)
    {
        var watch = Stopwatch.StartNew();
        var runs = associations.Select(async files =>
        {
            using var scu = Start("storescu", ["-aet", "BENCH", "-aec", calledAe, "127.0.0.1", port.ToString(CultureInfo.InvariantCulture), .. files]);
            var stderr = scu.StandardError.ReadToEndAsync();
            var stdout = scu.StandardOutput.ReadToEndAsync();
            await scu.WaitForExitAsync();
            if (scu.ExitCode != 0) throw new InvalidOperationException($"storescu failed ({scu.ExitCode}): {await stdout}{await stderr}");
        }).ToList();
        await Task.WhenAll(runs);
        return watch.Elapsed.TotalSeconds;
    }

    public static Process Start(string tool, IEnumerable<string> arguments, IDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(tool) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        info.Environment["TCP_NODELAY"] = "1";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) info.Environment[key] = value;
        return Process.Start(info) ?? throw new InvalidOperationException($"Cannot start {tool}.");
    }

    /// <summary>User + system CPU seconds of a process and of its children that have ended (storescp --fork's).</summary>
    public static double CpuSeconds(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // Fields 14-17 of /proc/pid/stat (utime, stime, cutime, cstime), counted from the state field (3).
        var ticks = fields[11..15].Sum(f => long.Parse(f, CultureInfo.InvariantCulture));
        return ticks / 100.0;
    }

    public static async Task WaitForPortAsync(int port, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
        }
    }

    public static string LoadAverage() => File.ReadAllText("/proc/loadavg").Split(' ')[0];
}
