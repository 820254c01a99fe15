using System.Diagnostics;

namespace FedBus.Inference.Tests.Support;

/// <summary>Runs DCMTK tools (Debian package dcmtk); a missing tool fails the test with the package to install.</summary>
internal static class Dcmtk
{
    public static void Run(string tool, params string[] arguments)
    {
        var path = (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin").Split(':').Select(d => Path.Combine(d, tool)).FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException($"{tool} not found: install the Debian package dcmtk (./build.sh test does).");
        var psi = new ProcessStartInfo(path) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in arguments) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {tool}");
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"{tool} {string.Join(' ', arguments)} exited with {p.ExitCode}:\n{stderr.Result}\n{stdout.Result}");
    }
}
