using System.Diagnostics;
using System.Globalization;

namespace FedBus.Aggregation.Bench;

/// <summary>flower_numpy.py --serve as a child process holding the same updates; runs one operation per command.</summary>
internal sealed class NumpyServer : IDisposable
{
    public const string Interpreter = "/usr/bin/python3";

    private readonly Process process;

    public NumpyServer(string directory, int sites)
    {
        process = Process.Start(Start("--serve", directory, sites.ToString(CultureInfo.InvariantCulture)))!;
        var banner = process.StandardOutput.ReadLine() ?? throw new InvalidOperationException("flower_numpy.py ended before READY.");
        if (!banner.StartsWith("READY ", StringComparison.Ordinal)) throw new InvalidOperationException($"flower_numpy.py said: {banner}");
        Version = banner[6..];
    }

    public string Version { get; }

    public static ProcessStartInfo Start(params string[] args)
    {
        if (!File.Exists(Interpreter)) throw new FileNotFoundException($"{Interpreter} with python3-numpy is the reference (apt-get install python3-numpy).");
        var psi = new ProcessStartInfo(Interpreter) { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "flower_numpy.py"));
        foreach (var a in args) psi.ArgumentList.Add(a);
        return psi;
    }

    public (Sample Time, double Checksum) Run(string operation)
    {
        process.StandardInput.WriteLine(operation);
        process.StandardInput.Flush();
        var line = process.StandardOutput.ReadLine() ?? throw new InvalidOperationException("flower_numpy.py ended unexpectedly.");
        var parts = line.Split(' ');
        if (parts[0] != "OK") throw new InvalidOperationException($"flower_numpy.py said: {line}");
        double Part(int i) => double.Parse(parts[i], CultureInfo.InvariantCulture);
        return (new Sample(Part(1), Part(2)), Part(3));
    }

    public void Dispose()
    {
        try
        {
            process.StandardInput.WriteLine("quit");
            process.StandardInput.Flush();
            if (!process.WaitForExit(10_000)) process.Kill();
        }
        catch (IOException)
        {
            // already gone
        }
        process.Dispose();
    }
}
