using System.Globalization;
using FedBus.Aggregation.Bench;

// bench/aggregation: ours vs Flower-style numpy vs a memory-bound loop, same updates, same run. See docs/benchmarks.md.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
if (args.Length == 4 && args[0] == "--rss")
{
    // One operation in this fresh process; the parent reads the line.
    var inputs = Inputs.Load(args[2], int.Parse(args[3], CultureInfo.InvariantCulture), keepSites: args[1] != "fedavg-stream");
    GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
    GC.WaitForPendingFinalizers();
    ProcessMemory.ResetPeak();
    long before = ProcessMemory.Rss;
    var (_, checksum) = Operations.Measure(args[1], inputs);
    Console.WriteLine($"RSS {before} {ProcessMemory.Peak} {checksum:R}");
    return 0;
}

if (args.Length == 4 && args[0] == "--generate")
{
    // --generate DIR K P: the bench's data set, kept (for --time)
    BenchData.Generate(args[1], int.Parse(args[2], CultureInfo.InvariantCulture), int.Parse(args[3], CultureInfo.InvariantCulture));
    return 0;
}
if (args.Length == 5 && args[0] == "--time")
{
    // One operation N times in a row over existing data (for profiling): --time OP DIR K N
    var inputs = Inputs.Load(args[2], int.Parse(args[3], CultureInfo.InvariantCulture));
    for (int i = 0; i < int.Parse(args[4], CultureInfo.InvariantCulture); i++)
        Console.WriteLine($"{args[1]} {Operations.Measure(args[1], inputs).Time.Wall * 1e3:F1} ms");
    return 0;
}

int sites = 10, parameters = 10_000_000, rounds = 5;
for (int i = 0; i + 1 < args.Length; i += 2)
{
    int value = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
    switch (args[i])
    {
        case "--sites": sites = value; break;
        case "--params": parameters = value; break;
        case "--rounds": rounds = value; break;
        default: Console.Error.WriteLine("usage: run.sh [--sites 10] [--params 10000000] [--rounds 5]"); return 2;
    }
}

var directory = Directory.CreateTempSubdirectory("fedbus-aggregation-bench-").FullName;
try
{
    return new BenchRun(directory, sites, parameters, rounds).Execute();
}
finally
{
    Directory.Delete(directory, recursive: true);
}
