using System.Diagnostics;
using System.Globalization;

namespace FedBus.Learning.Bench;

/// <summary>unet_bench.py --serve as a child process: runs blocks of steps on command and reports their times.</summary>
internal sealed class PyTorchServer : IDisposable
{
    public const string Interpreter = "/usr/bin/python3";

    private readonly Process process;

    public PyTorchServer(bool tuned, int threads, int size, int batch)
    {
        if (!File.Exists(Interpreter)) throw new FileNotFoundException($"{Interpreter} with python3-torch is needed for the reference (apt-get install python3-torch).");
        var psi = new ProcessStartInfo(Interpreter) { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "unet_bench.py"), "--serve", "--threads", $"{threads}", "--size", $"{size}", "--batch", $"{batch}" })
            psi.ArgumentList.Add(a);
        foreach (var v in new[] { "MALLOC_MMAP_THRESHOLD_", "MALLOC_TRIM_THRESHOLD_", "OMP_WAIT_POLICY", "GOMP_SPINCOUNT" }) psi.Environment.Remove(v);
        if (tuned)
        {
            psi.Environment["MALLOC_MMAP_THRESHOLD_"] = "33554432";
            psi.Environment["MALLOC_TRIM_THRESHOLD_"] = "1073741824";
            if (TorchRuntime.OpenMpWaitPolicy is { } policy) psi.Environment["OMP_WAIT_POLICY"] = policy;
        }
        process = Process.Start(psi)!;
        Banner = process.StandardOutput.ReadLine() ?? throw new InvalidOperationException("unet_bench.py --serve ended before READY.");
        if (!Banner.StartsWith("READY", StringComparison.Ordinal)) throw new InvalidOperationException($"unet_bench.py said: {Banner}");
        Banner = Banner[6..];
    }

    public string Banner { get; }

    public List<(double Wall, double Cpu)> Run(string command, int count)
    {
        process.StandardInput.WriteLine($"{command} {count}");
        process.StandardInput.Flush();
        var line = process.StandardOutput.ReadLine() ?? throw new InvalidOperationException("unet_bench.py --serve ended unexpectedly.");
        var parts = line.Split(' ');
        int cpuAt = Array.IndexOf(parts, "CPU");
        var wall = parts[1..cpuAt].Select(p => double.Parse(p, CultureInfo.InvariantCulture)).ToArray();
        var cpu = parts[(cpuAt + 1)..].Select(p => double.Parse(p, CultureInfo.InvariantCulture)).ToArray();
        return wall.Zip(cpu).ToList();
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
