using BenchmarkDotNet.Running;
using FedBus.Dicom.Benchmarks;

var mode = args.Length > 0 ? args[0] : "vs-dcmtk";
switch (mode)
{
    case "micro":
        BenchmarkRunner.Run<ParseBenchmarks>(args: args[1..]);
        return 0;
    case "vs-dcmtk":
        return VersusDcmtk.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 2000);
    case "memory":
        return MemoryPeak.Run(args[1..]);
    default:
        Console.Error.WriteLine("usage: [micro [BenchmarkDotNet args] | vs-dcmtk [files] | memory (create PATH | lazy PATH | eager PATH)]");
        return 2;
}
