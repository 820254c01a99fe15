using System.Diagnostics;
using System.Globalization;
using System.Net;
using FedBus.Bench.Ingestion;
using FedBus.Dicom.Network;

// Same files, same client (DCMTK storescu, TCP_NODELAY=1, one association), receivers that write every instance
// to disk (DCMTK storescp at its default and largest PDU size, our DicomServer), the same to tmpfs (the receivers'
// own cost without ext4's), and both without storing (network path only).
if (args is ["serve", var servePort, var serveDir])
{
    // Manual profiling aid: our SCP writing to serveDir until Enter is pressed.
    if (serveDir != "-")
    {
        Directory.CreateDirectory(serveDir);
    }

    await using var server = new DicomServer(new DicomServerOptions { AeTitle = "FEDBUS", Port = int.Parse(servePort, CultureInfo.InvariantCulture), BindAddress = IPAddress.Loopback }, new DiskWritingHandler(serveDir == "-" ? null : serveDir));
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

(string Ours, string Reference)[] Pairs =
[
    ("service: FedBus ingestion (fsync each instance)", "disk: DCMTK storescp (max PDU 16 KiB, default)"),
    ("service: FedBus ingestion (default: syncfs at release)", "disk: DCMTK storescp (max PDU 16 KiB, default)"),
    ("service: FedBus ingestion (fsync each instance)", "service: Orthanc 1.10 (SQLite index)"),
    ("service: FedBus ingestion (default: syncfs at release)", "service: Orthanc 1.10 (SQLite index)"),
    ("disk: FedBus DicomServer (default options)", "disk: DCMTK storescp (max PDU 16 KiB, default)"),
    ("tmpfs: FedBus DicomServer", "tmpfs: DCMTK storescp (max PDU 128 KiB)"),
    ("network only: FedBus, handler discards", "network only: DCMTK storescp --ignore"),
];

var count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 500;
var rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5;
var root = Path.Combine(Path.GetTempPath(), $"fedbus-bench-dicom-{Environment.ProcessId}");
var shmRoot = Directory.Exists("/dev/shm") ? Path.Combine("/dev/shm", Path.GetFileName(root)) : Path.Combine(root, "no-tmpfs");
string Tmpfs(string dir)
{
    var path = Path.Combine(shmRoot, Path.GetFileName(dir));
    Directory.CreateDirectory(path);
    return path;
}

try
{
    Console.WriteLine($"Preparing {count} CT instances (512x512, 16 bit) in {root} ...");
    var input = Path.Combine(root, "in");
    var files = BenchFiles.Create(input, count);
    var totalBytes = files.Sum(f => new FileInfo(f).Length);
    var warmUpStudy = Path.Combine(root, "warm-up-study");
    BenchFiles.Create(warmUpStudy, 300, patientId: "WARM-UP");
    Console.WriteLine($"{count} files, {totalBytes / 1e6:F1} MB. {rounds} rounds; each run = one storescu association sending all files.");

    var serviceDll = Environment.GetEnvironmentVariable("FEDBUS_INGESTION_DLL")
        ?? throw new InvalidOperationException("Set FEDBUS_INGESTION_DLL to the Release build of FedBus.Ingestion.dll (run.sh does).");
    var receivers = new (string Name, Func<string, Task<Measurement>> Run)[]
    {
        ("disk: DCMTK storescp (max PDU 16 KiB, default)", dir => Runs.StorescpAsync(input, dir, count, 16384)),
        ("disk: DCMTK storescp (max PDU 128 KiB, largest)", dir => Runs.StorescpAsync(input, dir, count, 131072)),
        ("disk: FedBus DicomServer (default options)", dir => Runs.OursAsync(input, dir, count)),
        ("service: FedBus ingestion (fsync each instance)", dir => ServiceRuns.IngestionAsync(serviceDll, input, warmUpStudy, dir, count, flushEachWrite: true)),
        ("service: FedBus ingestion (default: syncfs at release)", dir => ServiceRuns.IngestionAsync(serviceDll, input, warmUpStudy, dir, count, flushEachWrite: false)),
        ("service: Orthanc 1.10 (SQLite index)", dir => ServiceRuns.OrthancAsync(input, dir, count)),
        ("tmpfs: DCMTK storescp (max PDU 128 KiB)", dir => Runs.StorescpAsync(input, Tmpfs(dir), count, 131072)),
        ("tmpfs: FedBus DicomServer", dir => Runs.OursAsync(input, Tmpfs(dir), count)),
        ("network only: DCMTK storescp --ignore", dir => Runs.StorescpAsync(input, dir, count, 131072, ignore: true)),
        ("network only: FedBus, handler discards", dir => Runs.OursAsync(input, dir, count, discard: true)),
    };
    if (Environment.GetEnvironmentVariable("BENCH_ONLY") is { Length: > 0 } only)
    {
        receivers = receivers.Where(r => only.Split('|').Any(o => r.Name.Contains(o, StringComparison.Ordinal))).ToArray();
    }

    // Warm-up (not measured): JIT our receive path and pull the input files into the page cache for everyone.
    foreach (var (_, run) in receivers)
    {
        var warm = Path.Combine(root, "warm-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(warm);
        await run(warm);
    }

    var times = receivers.ToDictionary(r => r.Name, _ => new List<Measurement>());
    var roundRatios = new Dictionary<string, List<double>>();
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

        foreach (var (ours, reference) in Pairs)
        {
            if (!thisRound.TryGetValue(ours, out var o) || !thisRound.TryGetValue(reference, out var r))
            {
                continue;
            }

            var key = $"{ours}  vs  {reference}";
            if (!roundRatios.TryGetValue(key, out var list))
            {
                roundRatios[key] = list = [];
            }

            list.Add(r.WallSeconds / o.WallSeconds);
        }
    }

    Console.WriteLine();
    Console.WriteLine($"Summary: {count} instances, {totalBytes / 1e6:F1} MB, one storescu association per run (TCP_NODELAY=1).");
    Console.WriteLine($"{"receiver",-46} {"median s",9} {"files/s",9} {"MB/s",8} {"best s",8} {"best files/s",13} {"median CPU s",13}");
    foreach (var (name, list) in times)
    {
        var wall = Runs.Median(list.Select(v => v.WallSeconds));
        var best = list.Min(v => v.WallSeconds);
        var cpu = Runs.Median(list.Select(v => v.ReceiverCpuSeconds));
        Console.WriteLine($"{name,-46} {wall,9:F3} {count / wall,9:F1} {totalBytes / 1e6 / wall,8:F1} {best,8:F3} {count / best,13:F1} {cpu,13:F3}");
    }

    Console.WriteLine();
    Console.WriteLine("Throughput ratios, paired per round (ours / reference; > 1.00 means ours ingested faster):");
    foreach (var (pair, ratios) in roundRatios)
    {
        Console.WriteLine($"  {pair,-100} median {Runs.Median(ratios):F2}x  (rounds: {string.Join(", ", ratios.Select(r => r.ToString("F2", CultureInfo.InvariantCulture)))})");
    }

    Console.WriteLine("(The machine may be shared: trust the median of the paired rounds over any single run.)");
}
finally
{
    foreach (var dir in new[] { root, shmRoot })
    {
        try
        {
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }
        }
        catch (IOException ex)
        {
            Console.Error.WriteLine($"Could not remove {dir}: {ex.Message}");
        }
    }
}
