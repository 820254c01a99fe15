using System.Diagnostics;
using System.Globalization;
using System.Net;
using FedBus.Bench.DicomNetwork;
using FedBus.Dicom.Network;

// Same files, same client (DCMTK storescu, TCP_NODELAY=1, one association), three receivers that all write every
// instance to disk: DCMTK storescp at its default and at its largest PDU size, and our DicomServer.
if (args is ["serve", var servePort, var serveDir])
{
    // Manual profiling aid: our SCP writing to serveDir until Enter is pressed.
    Directory.CreateDirectory(serveDir);
    await using var server = new DicomServer(new DicomServerOptions { AeTitle = "FEDBUS", Port = int.Parse(servePort, CultureInfo.InvariantCulture), BindAddress = IPAddress.Loopback }, new DiskWritingHandler(serveDir));
    await server.StartAsync();
    Console.WriteLine($"Serving on {server.Port}; Enter stops.");
    Console.ReadLine();
    return;
}

if (args is ["files", var filesDir, var filesCount])
{
    BenchFiles.Create(filesDir, int.Parse(filesCount, CultureInfo.InvariantCulture));
    return;
}

var count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 500;
var rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 7;
var root = Path.Combine(Path.GetTempPath(), $"fedbus-bench-dicom-{Environment.ProcessId}");
try
{
    Console.WriteLine($"Preparing {count} CT instances (512x512, 16 bit) in {root} ...");
    var input = Path.Combine(root, "in");
    var files = BenchFiles.Create(input, count);
    var totalBytes = files.Sum(f => new FileInfo(f).Length);
    Console.WriteLine($"{count} files, {totalBytes / 1e6:F1} MB. {rounds} rounds; each run = one storescu association sending all files.");

    var receivers = new (string Name, Func<string, Task<Measurement>> Run)[]
    {
        ("DCMTK storescp (max PDU 16 KiB, its default)", dir => Runs.StorescpAsync(input, dir, count, 16384)),
        ("DCMTK storescp (max PDU 128 KiB, its largest)", dir => Runs.StorescpAsync(input, dir, count, 131072)),
        ("FedBus DicomServer (default options)", dir => Runs.OursAsync(input, dir, count)),
        ("network only: DCMTK storescp --ignore", dir => Runs.StorescpAsync(input, dir, count, 131072, ignore: true)),
        ("network only: FedBus, handler discards", dir => Runs.OursAsync(input, dir, count, discard: true)),
    };
    if (Environment.GetEnvironmentVariable("BENCH_ONLY") is { Length: > 0 } only)
    {
        receivers = receivers.Where(r => r.Name.Contains(only, StringComparison.Ordinal)).ToArray();
    }

    // Warm-up (not measured): JIT our receive path and pull the input files into the page cache for everyone.
    foreach (var (_, run) in receivers)
    {
        var warm = Path.Combine(root, "warm-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(warm);
        await run(warm);
    }

    var times = receivers.ToDictionary(r => r.Name, _ => new List<Measurement>());
    var roundRatios = new List<double>();
    for (var round = 1; round <= rounds; round++)
    {
        // Rotate the order so page-cache, CPU-frequency and neighbour-load effects do not favour one receiver.
        var order = receivers.Skip(round % receivers.Length).Concat(receivers.Take(round % receivers.Length)).ToArray();
        var thisRound = new Dictionary<string, Measurement>();
        foreach (var (name, run) in order)
        {
            var output = Path.Combine(root, "out-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(output);
            var m = await run(output);
            times[name].Add(m);
            thisRound[name] = m;
            Console.WriteLine($"  round {round}: {name,-46} {m.WallSeconds,7:F3} s  {count / m.WallSeconds,7:F1} files/s  {totalBytes / 1e6 / m.WallSeconds,7:F1} MB/s  receiver CPU {m.ReceiverCpuSeconds,6:F3} s");

            // Outputs stay until the end: on ext4 freshly deleted inodes (last 60-300 s) make every file creation scan
            // past them, which would tax whichever receiver runs next.
        }

        var dcmtkRound = thisRound.Where(t => t.Key.StartsWith("DCMTK", StringComparison.Ordinal)).Select(t => t.Value.WallSeconds).DefaultIfEmpty(double.NaN).Min();
        var oursRound = thisRound.Where(t => t.Key.StartsWith("FedBus", StringComparison.Ordinal)).Select(t => t.Value.WallSeconds).DefaultIfEmpty(double.NaN).Min();
        roundRatios.Add(dcmtkRound / oursRound);
    }

    Console.WriteLine();
    Console.WriteLine($"Summary: {count} instances, {totalBytes / 1e6:F1} MB, one storescu association per run (TCP_NODELAY=1), every receiver writes each instance to disk.");
    Console.WriteLine($"{"receiver",-46} {"median s",9} {"files/s",9} {"MB/s",8} {"best s",8} {"best files/s",13} {"median CPU s",13}");
    foreach (var (name, list) in times)
    {
        var wall = Median(list.Select(v => v.WallSeconds));
        var best = list.Min(v => v.WallSeconds);
        var cpu = Median(list.Select(v => v.ReceiverCpuSeconds));
        Console.WriteLine($"{name,-46} {wall,9:F3} {count / wall,9:F1} {totalBytes / 1e6 / wall,8:F1} {best,8:F3} {count / best,13:F1} {cpu,13:F3}");
    }

    Console.WriteLine();
    Console.WriteLine($"Throughput ratio FedBus / faster storescp of the same round: median {Median(roundRatios):F2}x (rounds: {string.Join(", ", roundRatios.Select(r => r.ToString("F2", CultureInfo.InvariantCulture)))})");
    Console.WriteLine("(> 1.00 means our SCP ingested faster; the machine is shared, so trust the median of the paired rounds over any single run.)");
}
finally
{
    if (Directory.Exists(root))
    {
        Directory.Delete(root, recursive: true);
    }
}

static double Median(IEnumerable<double> values)
{
    var sorted = values.Order().ToList();
    return sorted[sorted.Count / 2];
}

internal static class Runs
{
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

    private static async Task<double> StorescuAsync(string calledAe, int port, string input)
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

    private static Process Start(string tool, string[] arguments)
    {
        var info = new ProcessStartInfo(tool) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["TCP_NODELAY"] = "1";
        return Process.Start(info) ?? throw new InvalidOperationException($"Cannot start {tool} (apt-get install -y dcmtk).");
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task WaitForPortAsync(int port)
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
