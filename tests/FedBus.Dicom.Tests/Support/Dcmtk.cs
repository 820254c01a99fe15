using System.Diagnostics;

namespace FedBus.Dicom.Tests.Support;

/// <summary>Runs DCMTK command line tools (package dcmtk). A missing tool fails the test with the package to install.</summary>
public static class Dcmtk
{
    public static string Run(string tool, params string[] arguments) => RunIn(null, tool, arguments);

    public static string RunIn(string? workingDirectory, string tool, params string[] arguments)
    {
        var path = Find(tool);
        var psi = new ProcessStartInfo(path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var a in arguments)
        {
            psi.ArgumentList.Add(a);
        }

        // dcmdump etc. look the dictionary up through DCMDICTPATH or their built-in default.
        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {tool}");
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        p.WaitForExit();
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{tool} {string.Join(' ', arguments)} exited with {p.ExitCode}:\n{stderr.Result}\n{stdout.Result}");
        }

        return stdout.Result;
    }

    /// <summary>dcmdump's view of a file: the data set part, one line per element, values in full.</summary>
    public static string DumpDataset(string file)
    {
        var text = Run("dcmdump", "-q", "+L", "-Un", file);
        var start = text.IndexOf("# Dicom-Data-Set", StringComparison.Ordinal);
        var body = start >= 0 ? text[start..] : text;
        return string.Join('\n', body.Split('\n')
            .Where(l => !l.StartsWith("# Used TransferSyntax", StringComparison.Ordinal))
            .Select(l => l.TrimEnd()));
    }

    public static string Find(string tool)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin").Split(':'))
        {
            var candidate = Path.Combine(dir, tool);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException($"DCMTK tool '{tool}' is not on PATH: install it with `apt-get install dcmtk`");
    }
}
