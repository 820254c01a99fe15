using System.Globalization;
using System.Net;
using FedBus.Bench.Ingestion;
using FedBus.Dicom.Network;

// ./run.sh [ct=500] [mr=1000] [rounds=5]      C-STORE into storescp, Orthanc and the ingestion service, then QIDO-RS
// ./run.sh transfer [ct] [mr] [rounds]         only the C-STORE part
// ./run.sh qido [instances=100000] [--mongo URI] only the QIDO-RS part (LiteDB unless a MongoDB connection string is given)
// dotnet run -c Release -- files DIR N [mr] | serve PORT DIR   profiling aids: write N CT (or MR) files; run our bare SCP writing to DIR (- discards)
switch (args)
{
    case ["serve", var servePort, var serveDir]:
    {
        if (serveDir != "-") Directory.CreateDirectory(serveDir);
        await using var server = new DicomServer(new DicomServerOptions { AeTitle = "FEDBUS", Port = int.Parse(servePort, CultureInfo.InvariantCulture), BindAddress = IPAddress.Loopback },
            new DiskWritingHandler(serveDir == "-" ? null : serveDir));
        await server.StartAsync();
        Console.WriteLine($"Serving on {server.Port}; Enter stops.");
        Console.ReadLine();
        return;
    }
    case ["files", var filesDir, var filesCount, .. var kind]:
        BenchFiles.Create(filesDir, int.Parse(filesCount, CultureInfo.InvariantCulture), kind: kind is ["mr"] ? BenchFiles.Kind.Mr : BenchFiles.Kind.Ct);
        return;
    case ["qido", .. var qido]:
        await QidoBench.RunAsync(qido is [var n, ..] && !n.StartsWith('-') ? int.Parse(n, CultureInfo.InvariantCulture) : 100_000,
            qido.SkipWhile(a => a != "--mongo").Skip(1).FirstOrDefault());
        return;
}

var transferOnly = args is ["transfer", ..];
var numbers = (transferOnly ? args[1..] : args).Select(a => int.Parse(a, CultureInfo.InvariantCulture)).ToArray();
var serviceDll = Environment.GetEnvironmentVariable("FEDBUS_INGESTION_DLL")
    ?? throw new InvalidOperationException("Set FEDBUS_INGESTION_DLL to the Release build of FedBus.Ingestion.dll (run.sh does).");
await TransferBench.RunAsync(numbers.ElementAtOrDefault(0) is > 0 and var ct ? ct : 500, numbers.ElementAtOrDefault(1) is > 0 and var mr ? mr : 1000,
    numbers.ElementAtOrDefault(2) is > 0 and var rounds ? rounds : 5, serviceDll);
if (!transferOnly)
{
    Console.WriteLine();
    await QidoBench.RunAsync(100_000, null);
}
