using System.Diagnostics;
using System.Globalization;
using System.Net;
using FedBus.Dicom.Network;

namespace FedBus.Bench.Ingestion;

/// <summary>Runs one receiver against storescu and measures it.</summary>
internal static class Runs
{
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }

    public static async Task<Measurement> StorescpAsync(string input, string output, int count, int maxPdu, bool ignore = false)
    {
        var port = FreePort();
        using var scp = Start("storescp", ["-aet", "STORESCP", "--max-pdu", maxPdu.ToString(CultureInfo.InvariantCulture), "-od", output, .. ignore ? new[] { "--ignore" } : [], port.ToString(CultureInfo.InvariantCulture)]);
        try
        {
            await WaitForPortAsync(port);
            var cpuBefore = scp.TotalProcessorTime;
            var sysBefore = scp.PrivilegedProcessorTime;
            var seconds = await StorescuAsync("STORESCP", port, input);
            scp.Refresh();
            var cpu = (scp.TotalProcessorTime - cpuBefore).TotalSeconds;
            if (Environment.GetEnvironmentVariable("BENCH_VERBOSE") is not null)
            {
                Console.WriteLine($"    storescp sys {(scp.PrivilegedProcessorTime - sysBefore).TotalSeconds:F3} s");
            }
            var written = Directory.GetFiles(output).Length;
            if (written != (ignore ? 0 : count))
            {
                throw new InvalidOperationException($"storescp wrote {written} of {count} files.");
            }

            return new Measurement(seconds, cpu);
        }
        finally
        {
            scp.Kill();
            await scp.WaitForExitAsync();
        }
    }

    public static async Task<Measurement> OursAsync(string input, string output, int count, bool discard = false)
    {
        var handler = new DiskWritingHandler(discard ? null : output);
        await using var server = new DicomServer(new DicomServerOptions { AeTitle = "FEDBUS", Port = 0, BindAddress = IPAddress.Loopback }, handler);
        await server.StartAsync();
        var self = Process.GetCurrentProcess();
        var cpuBefore = self.TotalProcessorTime;
        var sysBefore = self.PrivilegedProcessorTime;
        var gcBefore = GC.CollectionCount(0);
        var seconds = await StorescuAsync("FEDBUS", server.Port, input);
        self.Refresh();
        var cpu = (self.TotalProcessorTime - cpuBefore).TotalSeconds;
        if (Environment.GetEnvironmentVariable("BENCH_VERBOSE") is not null)
        {
            Console.WriteLine($"    ours sys {(self.PrivilegedProcessorTime - sysBefore).TotalSeconds:F3} s, gen0 GCs {GC.CollectionCount(0) - gcBefore}");
        }
        if (handler.Stored != count || Directory.GetFiles(output).Length != (discard ? 0 : count))
        {
            throw new InvalidOperationException($"Our SCP stored {handler.Stored} of {count} instances.");
        }

        return new Measurement(seconds, cpu);
    }

    public static async Task<double> StorescuAsync(string calledAe, int port, string input)
    {
        var watch = Stopwatch.StartNew();
        using var scu = Start("storescu", ["-aet", "BENCH", "-aec", calledAe, "+sd", "127.0.0.1", port.ToString(CultureInfo.InvariantCulture), input]);
        var stderr = scu.StandardError.ReadToEndAsync();
        var stdout = scu.StandardOutput.ReadToEndAsync();
        await scu.WaitForExitAsync();
        watch.Stop();
        if (scu.ExitCode != 0)
        {
            throw new InvalidOperationException($"storescu failed ({scu.ExitCode}): {await stdout}{await stderr}");
        }

        return watch.Elapsed.TotalSeconds;
    }

    public static Process Start(string tool, string[] arguments)
    {
        var info = new ProcessStartInfo(tool) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["TCP_NODELAY"] = "1";
        return Process.Start(info) ?? throw new InvalidOperationException($"Cannot start {tool} (apt-get install -y dcmtk).");
    }

    public static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static async Task WaitForPortAsync(int port)
    {
        for (var i = 0; i < 500; i++)
        {
            try
            {
                using var client = new System.Net.Sockets.TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (System.Net.Sockets.SocketException)
            {
                await Task.Delay(10);
            }
        }

        throw new TimeoutException($"storescp did not listen on port {port}.");
    }
}
