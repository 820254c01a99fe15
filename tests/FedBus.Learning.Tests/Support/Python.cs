using System.Diagnostics;

namespace FedBus.Learning.Tests.Support;

/// <summary>Runs the committed standard-library Python references with Debian's interpreter.</summary>
internal static class Python
{
    public const string Interpreter = "/usr/bin/python3";

    public static string Run(string script, string stdin, params string[] args)
    {
        Assert.True(File.Exists(Interpreter), $"{Interpreter} is required for the independent reference checks.");
        var path = Path.Combine(AppContext.BaseDirectory, "python", script);
        Assert.True(File.Exists(path), $"missing reference script {path}");
        var psi = new ProcessStartInfo(Interpreter)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(path);
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        p.StandardInput.Write(stdin);
        p.StandardInput.Close();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"{script} exited {p.ExitCode}: {stderr.Result}");
        return stdout.Result;
    }
}
