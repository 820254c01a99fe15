using System.Diagnostics;
using System.Globalization;

namespace FedBus.Aggregation.Bench;

/// <summary>
/// One bench run: generate the updates, check that both sides compute the same aggregates, then time in rounds
/// (rotating order). Each of our operations runs as a block of 3 interleaved with the memory-bound loop (loop, op,
/// loop, op, …) so its ratio to the loop is paired within seconds; numpy runs once per round and is paired with our
/// operation's block of the same round. Wall and CPU time both; medians. Last, each operation's peak RSS in a fresh
/// process of its own.
/// </summary>
internal sealed class BenchRun(string directory, int sites, int parameters, int rounds)
{
    private const int OurRepeats = 3;
    private const int WarmUps = 5;

    // (ours, reference, label); reference / ours > 1 means ours is faster. "loop" = the loop runs of the same block.
    private static readonly (string Ours, string Theirs, string Label)[] Pairs =
    [
        ("fedavg", "np:fedavg", "FedAvg vs numpy FedAvg (Flower `aggregate`) — goal ≥ 3"),
        ("fedavg", "np:fedavg-inplace", "FedAvg vs numpy in-place FedAvg (Flower's default)"),
        ("fedavg", "loop", "FedAvg vs memory-bound loop — goal ≥ 0.8"),
        ("fedavg-reuse", "np:fedavg", "FedAvg, output buffers reused, vs numpy FedAvg"),
        ("fedavg-reuse", "np:fedavg-inplace", "FedAvg, output buffers reused, vs numpy in-place FedAvg"),
        ("fedavg-reuse", "loop", "FedAvg, output buffers reused, vs memory-bound loop"),
        ("fedavg-digest", "loop", "FedAvg + SHA-256 of every update vs loop"),
        ("fedavg-stream", "loop", "FedAvg streamed from files vs loop"),
        ("median", "np:median", "FedMedian vs numpy median"),
        ("krum", "np:krum", "Krum vs numpy Krum"),
    ];

    public int Execute()
    {
        Console.WriteLine($"Aggregation bench: K = {sites} updates × P = {parameters:N0} parameters ({parameters * 4.0 / 1e6:F0} MB of float32 each), {rounds} rounds");
        Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, load average {File.ReadAllText("/proc/loadavg").Trim()}");
        var watch = Stopwatch.StartNew();
        BenchData.Generate(directory, sites, parameters);
        var inputs = Inputs.Load(directory, sites);
        long modelBytes = inputs.GlobalBytes.Length;
        Console.WriteLine($"Generated and inspected in {watch.Elapsed.TotalSeconds:F1} s; one update file = {modelBytes / 1e6:F1} MB");

        using var numpy = new NumpyServer(directory, sites);
        Console.WriteLine($"Reference: /usr/bin/python3, numpy {numpy.Version}");

        var ours = Operations.Names.Where(op => op != "loop").ToArray();
        string[] theirs = ["np:sum", "np:fedavg", "np:fedavg-inplace", "np:median", "np:krum"];
        if (!Agree(inputs, numpy)) return 1;
        // Warm-up: let the JIT's tiering reach its optimised code for every kernel before anything is timed.
        foreach (var op in Operations.Names)
            for (int i = 0; i < WarmUps; i++) Operations.Measure(op, inputs);

        var times = new Dictionary<string, List<Sample>>();
        foreach (var op in ours.Concat(theirs).Append("loop")) times[op] = [];
        var loopOf = ours.ToDictionary(op => op, _ => new List<Sample>());
        var all = ours.Concat(theirs).ToArray();
        for (int round = 0; round < rounds; round++)
        {
            foreach (var op in all.Skip(round % all.Length).Concat(all.Take(round % all.Length)))
            {
                if (op.StartsWith("np:", StringComparison.Ordinal))
                {
                    times[op].Add(numpy.Run(Numpy(op)).Time);
                    continue;
                }
                var (mine, loop) = Block(op, inputs);
                times[op].Add(mine);
                loopOf[op].Add(loop);
                times["loop"].Add(loop);
            }
            Console.WriteLine($"  round {round + 1}/{rounds} done (load {File.ReadAllText("/proc/loadavg").Split(' ')[0]})");
        }

        Report(times, loopOf);
        Memory(modelBytes);
        return 0;
    }

    /// <summary>loop, op, loop, op, …: medians of each.</summary>
    private static (Sample Op, Sample Loop) Block(string op, Inputs inputs)
    {
        var mine = new List<Sample>();
        var loop = new List<Sample>();
        for (int i = 0; i < OurRepeats; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            loop.Add(Operations.Measure("loop", inputs).Time);
            GC.Collect();
            GC.WaitForPendingFinalizers();
            mine.Add(Operations.Measure(op, inputs).Time);
        }
        return (new Sample(Median(mine.Select(s => s.Wall)), Median(mine.Select(s => s.Cpu))),
                new Sample(Median(loop.Select(s => s.Wall)), Median(loop.Select(s => s.Cpu))));
    }

    private static string Numpy(string op) => op switch
    {
        "np:krum" => $"krum {Operations.KrumByzantine}",
        _ => op[3..],
    };

    /// <summary>Both sides must compute the same thing before their speed is compared.</summary>
    private static bool Agree(Inputs inputs, NumpyServer numpy)
    {
        bool ok = true;
        void Check(string what, double a, double b, double tolerance)
        {
            double rel = Math.Abs(a - b) / Math.Max(1e-12, Math.Abs(b));
            bool same = rel <= tolerance;
            ok &= same;
            Console.WriteLine($"  check {what,-44} ours {a,16:G10}  reference {b,16:G10}  rel diff {rel:E1} {(same ? "ok" : "MISMATCH")}");
        }
        Console.WriteLine("Checking that both sides agree (sum of the output's values):");
        double fedavg = Operations.Measure("fedavg", inputs).Checksum;
        Check("FedAvg vs numpy FedAvg", fedavg, numpy.Run("fedavg").Checksum, 1e-5);
        Check("FedAvg vs numpy in-place FedAvg", fedavg, numpy.Run("fedavg-inplace").Checksum, 1e-5);
        Check("FedAvg streamed vs FedAvg (bit-identical)", Operations.Measure("fedavg-stream", inputs).Checksum, fedavg, 0);
        Check("FedAvg into reused buffers vs FedAvg", Operations.Measure("fedavg-reuse", inputs).Checksum, fedavg, 0);
        Check("FedAvg with digests vs FedAvg", Operations.Measure("fedavg-digest", inputs).Checksum, fedavg, 0);
        Check("FedMedian vs numpy median", Operations.Measure("median", inputs).Checksum, numpy.Run("median").Checksum, 1e-5);
        Check("Krum vs numpy Krum (the same site chosen)", Operations.Measure("krum", inputs).Checksum, numpy.Run(Numpy("np:krum")).Checksum, 1e-9);
        Check("loop vs numpy sum", Operations.Measure("loop", inputs).Checksum, numpy.Run("sum").Checksum, 1e-4);
        return ok;
    }

    private void Report(Dictionary<string, List<Sample>> times, Dictionary<string, List<Sample>> loopOf)
    {
        double inputGb = (double)sites * parameters * 4 / 1e9;
        Console.WriteLine();
        Console.WriteLine("| operation | median wall s | best wall s | median CPU s | K×P floats read, GB/s (wall) |");
        Console.WriteLine("|---|---|---|---|---|");
        foreach (var (op, list) in times)
        {
            double wall = Median(list.Select(s => s.Wall));
            string rate = op is "np:sum" or "loop" or "fedavg" or "fedavg-reuse" or "fedavg-digest" or "fedavg-stream" or "np:fedavg" or "np:fedavg-inplace"
                ? $"{inputGb / wall:F1}" : "";
            Console.WriteLine($"| {Label(op)} | {wall:F4} | {list.Min(s => s.Wall):F4} | {Median(list.Select(s => s.Cpu)):F4} | {rate} |");
        }
        Console.WriteLine();
        Console.WriteLine("Paired ratios (reference time / our time; > 1 = ours faster). Median over rounds; per round (wall):");
        Console.WriteLine("| comparison | wall | CPU | rounds (wall) |");
        Console.WriteLine("|---|---|---|---|");
        foreach (var (o, t, label) in Pairs)
        {
            var reference = t == "loop" ? loopOf[o] : times[t];
            var wall = times[o].Zip(reference, (a, b) => b.Wall / a.Wall).ToList();
            var cpu = times[o].Zip(reference, (a, b) => b.Cpu / a.Cpu).ToList();
            Console.WriteLine($"| {label} | **{Median(wall):F2}×** | {Median(cpu):F2}× | {string.Join(", ", wall.Select(r => r.ToString("F2", CultureInfo.InvariantCulture)))} |");
        }
        Console.WriteLine($"Arrival cost per update (parse, SHA-256 check, NaN/Inf + norm inspection against the global model): {Median(times["arrival"].Select(s => s.Wall)) / sites * 1e3:F1} ms wall");
    }

    private void Memory(long modelBytes)
    {
        Console.WriteLine();
        Console.WriteLine($"Peak RSS beyond the inputs (each operation alone in a fresh process; one model = {modelBytes / 1048576.0:F1} MiB; goal ≤ 3 models):");
        Console.WriteLine("| operation | RSS before (inputs loaded) MiB | peak MiB | beyond inputs MiB | in models |");
        Console.WriteLine("|---|---|---|---|---|");
        string self = typeof(BenchRun).Assembly.Location;
        string k = sites.ToString(CultureInfo.InvariantCulture);
        foreach (var op in new[] { "loop", "fedavg", "fedavg-stream", "median", "krum" })
            Row(Label(op), Child(new ProcessStartInfo(Environment.ProcessPath!) { ArgumentList = { self, "--rss", op, directory, k }, RedirectStandardOutput = true }));
        foreach (var op in new[] { "sum", "fedavg", "fedavg-inplace", "median", $"krum_{Operations.KrumByzantine}" })
            Row(Label("np:" + op.Split('_')[0]), Child(NumpyServer.Start("--rss", op, directory, k)));

        void Row(string label, (long Before, long Peak) m) =>
            Console.WriteLine($"| {label} | {m.Before / 1048576.0:F0} | {m.Peak / 1048576.0:F0} | {(m.Peak - m.Before) / 1048576.0:F0} | {(double)(m.Peak - m.Before) / modelBytes:F2} |");
    }

    private static (long Before, long Peak) Child(ProcessStartInfo psi)
    {
        psi.UseShellExecute = false;
        psi.RedirectStandardOutput = true;
        using var p = Process.Start(psi)!;
        string output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        var line = output.Split('\n').FirstOrDefault(l => l.StartsWith("RSS ", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"{psi.FileName} {string.Join(' ', psi.ArgumentList)} gave no RSS line (exit {p.ExitCode}): {output}");
        var parts = line.Split(' ');
        return (long.Parse(parts[1], CultureInfo.InvariantCulture), long.Parse(parts[2], CultureInfo.InvariantCulture));
    }

    private static string Label(string op) => op switch
    {
        "loop" => "memory-bound loop (SIMD sum of K × P floats)",
        "fedavg" => "**FedAvg** (ours, from bytes, fresh output)",
        "fedavg-reuse" => "FedAvg into the previous result's buffers (ours)",
        "first-touch" => "first touch: write 4·P bytes of memory fresh from the OS (no aggregation)",
        "fedavg-digest" => "FedAvg + SHA-256 check of every update (ours)",
        "fedavg-stream" => "FedAvg streamed: one update file at a time through one read buffer (ours)",
        "median" => "**FedMedian** (ours)",
        "krum" => $"**Krum**, f = {Operations.KrumByzantine} (ours)",
        "arrival" => "arrival: parse + SHA-256 + inspection, all K updates (ours)",
        "np:sum" => "numpy sum of K × P floats",
        "np:fedavg" => "numpy FedAvg (Flower `aggregate`)",
        "np:fedavg-inplace" => "numpy in-place FedAvg (Flower `aggregate_inplace`)",
        "np:median" => "numpy median (Flower `aggregate_median`)",
        "np:krum" => $"numpy Krum, f = {Operations.KrumByzantine} (Flower `aggregate_krum`)",
        _ => op,
    };

    private static double Median(IEnumerable<double> values)
    {
        var v = values.Order().ToArray();
        return v.Length % 2 == 1 ? v[v.Length / 2] : 0.5 * (v[v.Length / 2 - 1] + v[v.Length / 2]);
    }
}
