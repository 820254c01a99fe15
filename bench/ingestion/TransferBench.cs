using System.Globalization;

namespace FedBus.Bench.Ingestion;

/// <summary>
/// Receiving studies by C-STORE: the same files, sent by DCMTK storescu, to DCMTK storescp, Orthanc and our ingestion
/// service, each running for the whole benchmark. Per round, every workload gets a new study (new UIDs) and its
/// receivers take it in rotating order; the ratio is paired per round (reference wall / ours).
/// </summary>
internal static class TransferBench
{
    private const string Storescp = "DCMTK storescp";
    private const string Service = "FedBus ingestion service";

    // FEDBUS_BENCH_VARIANT="Key=Value;..." adds the service with those environment settings as one more receiver: the
    // default service's ratio against it, paired per round, is an A/B test of the settings on a noisy machine.
    private static IEnumerable<IReceiver> Variant(string serviceDll, string data, IReadOnlyList<IReadOnlyList<string>> warmUp)
    {
        if (Environment.GetEnvironmentVariable("FEDBUS_BENCH_VARIANT") is not { Length: > 0 } variant) yield break;
        var settings = variant.Split(';', StringSplitOptions.RemoveEmptyEntries).Select(s => s.Split('=', 2)).ToDictionary(kv => kv[0], kv => kv[1]);
        yield return new ServiceReceiver($"{Service} ({variant})", serviceDll, data, warmUp, settings);
    }
    private const string Orthanc = "Orthanc 1.10";

    public static async Task RunAsync(int ctCount, int mrCount, int rounds, string serviceDll)
    {
        var root = Path.Combine(Path.GetTempPath(), $"fedbus-bench-ingestion-{Environment.ProcessId}");
        // The studies storescu sends live in memory (tmpfs) where there is one: the receivers' file system then holds
        // only what they store. Written to and deleted from it, the inputs made ext4 scan recently freed inodes on the
        // receivers' every file creation (recently_deleted in the inode allocator, perf), and kept there, their page
        // cache crowded the receivers' (every receiver's CPU tripled from the third round on).
        var inputs = Directory.Exists("/dev/shm") ? Path.Combine("/dev/shm", $"fedbus-bench-ingestion-{Environment.ProcessId}") : root;
        Console.WriteLine($"Ingestion transfer benchmark: {ctCount} CT 512x512 and {mrCount} MR 181x217 instances per study, {rounds} rounds; load {Tools.LoadAverage()} at start.");
        try
        {
            Console.WriteLine("Preparing warm-up studies ...");
            var warmCt = BenchFiles.Create(Path.Combine(inputs, "warm-ct"), 300, "WARM-CT");
            var warmMr = BenchFiles.Create(Path.Combine(inputs, "warm-mr"), 600, "WARM-MR", BenchFiles.Kind.Mr);
            // Then 40 short associations: what runs once per association (the release, the study's settling) is compiled
            // at tier 1 only after 30 calls. With the four studies alone, the JIT still compiled ~70 methods per measured study
            // (DOTNET_JitStdOutFile), 8-10 % of the service's CPU in `perf`, which a long-running service never pays.
            var warmShort = BenchFiles.Create(Path.Combine(inputs, "warm-short"), 400, "WARM-SHORT", BenchFiles.Kind.Mr).Chunk(10);
            IReadOnlyList<IReadOnlyList<string>> warmAll =
            [
                warmCt, warmMr, BenchFiles.Create(Path.Combine(inputs, "warm-ct2"), 300, "WARM-CT"), BenchFiles.Create(Path.Combine(inputs, "warm-mr2"), 600, "WARM-MR", BenchFiles.Kind.Mr),
                .. warmShort,
            ];
            var workloads = new Workload[]
            {
                new("CT 512x512, one association", BenchFiles.Kind.Ct, ctCount, 1,
                [
                    new StorescpReceiver($"{Storescp} (one process)", Path.Combine(root, "storescp-ct")),
                    new OrthancReceiver(Path.Combine(root, "orthanc-ct")),
                    .. Variant(serviceDll, Path.Combine(root, "service-ct-variant"), warmAll),
                    new ServiceReceiver(Service, serviceDll, Path.Combine(root, "service-ct"), warmAll),
                ]),
                new("MR 181x217 (79 KB), one association", BenchFiles.Kind.Mr, mrCount, 1,
                [
                    new StorescpReceiver($"{Storescp} (one process)", Path.Combine(root, "storescp-mr")),
                    new OrthancReceiver(Path.Combine(root, "orthanc-mr")),
                    .. Variant(serviceDll, Path.Combine(root, "service-mr-variant"), warmAll),
                    new ServiceReceiver(Service, serviceDll, Path.Combine(root, "service-mr"), warmAll),
                ]),
                new("CT 512x512, 4 associations at once", BenchFiles.Kind.Ct, ctCount, 4,
                [
                    new StorescpReceiver($"{Storescp} --fork (a process per association)", Path.Combine(root, "storescp-ct4"), fork: true),
                    .. Variant(serviceDll, Path.Combine(root, "service-ct4-variant"), warmAll),
                    new ServiceReceiver(Service, serviceDll, Path.Combine(root, "service-ct4"), warmAll),
                ]),
                new("network only, CT 512x512 (nothing stored)", BenchFiles.Kind.Ct, ctCount, 1,
                [
                    new StorescpReceiver($"{Storescp} --ignore", Path.Combine(root, "storescp-ignore"), ignore: true),
                    new DicomServerReceiver(),
                ], SameFilesEveryRound: true),
            };

            foreach (var workload in workloads)
            {
                foreach (var receiver in workload.Receivers)
                {
                    Console.WriteLine($"Starting {receiver.Name} for '{workload.Name}' ...");
                    await receiver.StartAsync();
                }
            }

            var results = workloads.ToDictionary(w => w, w => w.Receivers.ToDictionary(r => r, _ => new List<Measurement>()));
            IReadOnlyList<string>? sameFiles = null;
            for (var round = 1; round <= rounds; round++)
            {
                // One new study per workload and round (new UIDs), written before anything is measured. Receivers are
                // separate: each sees the study for the first time.
                var sets = workloads.ToDictionary(w => w, w => w.SameFilesEveryRound && sameFiles is not null
                    ? sameFiles
                    : BenchFiles.Create(Path.Combine(inputs, "in", Guid.NewGuid().ToString("N")), w.Count, $"BENCH-{round}", w.Kind));
                sameFiles ??= sets[workloads.Single(w => w.SameFilesEveryRound)];
                foreach (var workload in workloads)
                {
                    var set = sets[workload];
                    var mb = set.Sum(f => new FileInfo(f).Length) / 1e6;
                    var associations = Split(set, workload.Associations);
                    var study = BenchFiles.StudyUidOf(set[0]);
                    var order = workload.Receivers.Skip(round % workload.Receivers.Count).Concat(workload.Receivers.Take(round % workload.Receivers.Count)).ToList();
                    foreach (var receiver in order)
                    {
                        // What the previous receiver wrote is flushed first: the service's sync at each release must not
                        // pay for another receiver's writeback.
                        using (var sync = Tools.Start("sync", [])) await sync.WaitForExitAsync();
                        var m = await receiver.ReceiveAsync(associations, study);
                        results[workload][receiver].Add(m);
                        Console.WriteLine($"  round {round} {workload.Name,-42} {receiver.Name,-46} {m.WallSeconds,7:F3} s {set.Count / m.WallSeconds,7:F0} files/s {mb / m.WallSeconds,6:F0} MB/s  CPU {m.ReceiverCpuSeconds,6:F2} s  load {Tools.LoadAverage()}");
                    }
                }
                foreach (var (workload, set) in sets)
                {
                    if (!workload.SameFilesEveryRound) Directory.Delete(Path.GetDirectoryName(set[0])!, recursive: true);
                }
            }

            Console.WriteLine();
            Console.WriteLine($"Summary (medians of {rounds} rounds; load {Tools.LoadAverage()} at the end):");
            foreach (var workload in workloads)
            {
                var count = workload.Count;
                Console.WriteLine($"{workload.Name}: {count} instances");
                foreach (var (receiver, list) in results[workload])
                {
                    var wall = Tools.Median(list.Select(m => m.WallSeconds));
                    Console.WriteLine($"  {receiver.Name,-48} median {wall,7:F3} s  {count / wall,7:F0} files/s  best {list.Min(m => m.WallSeconds),7:F3} s  CPU {Tools.Median(list.Select(m => m.ReceiverCpuSeconds)),6:F2} s");
                }
            }

            Console.WriteLine();
            Console.WriteLine("Ratios paired per round (reference wall time / ours: above 1.00 ours was faster):");
            foreach (var workload in workloads)
            {
                var ours = workload.Receivers.Last();
                foreach (var reference in workload.Receivers.Take(workload.Receivers.Count - 1))
                {
                    var ratios = results[workload][reference].Zip(results[workload][ours], (r, o) => r.WallSeconds / o.WallSeconds).ToList();
                    Console.WriteLine($"  {workload.Name,-42} {ours.Name} vs {reference.Name,-46} median {Tools.Median(ratios):F2}x  rounds: {string.Join(", ", ratios.Select(r => r.ToString("F2", CultureInfo.InvariantCulture)))}");
                }
            }
            Console.WriteLine("(The machine may be shared: trust the median of the paired rounds over any single run.)");

            foreach (var receiver in workloads.SelectMany(w => w.Receivers)) await receiver.DisposeAsync();
        }
        finally
        {
            try
            {
                if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
                if (Directory.Exists(inputs)) Directory.Delete(inputs, recursive: true);
                // On ext4 without a journal, a file created within 60 s of a delete (360 s while the inode table is still
                // unwritten) scans past the freed inodes: a run started right after this one would pay for its deletes
                // on every file its receivers create. Writing the deletes out keeps that to the first minute.
                using var sync = Tools.Start("sync", []);
                sync.WaitForExit();
            }
            catch (IOException e)
            {
                Console.Error.WriteLine($"Could not remove {root}: {e.Message}");
            }
        }
    }

    private static IReadOnlyList<IReadOnlyList<string>> Split(IReadOnlyList<string> files, int parts) =>
        Enumerable.Range(0, parts).Select(p => (IReadOnlyList<string>)files.Where((_, i) => i % parts == p).ToList()).ToList();

    private sealed record Workload(string Name, BenchFiles.Kind Kind, int Count, int Associations, IReadOnlyList<IReceiver> Receivers, bool SameFilesEveryRound = false);
}
