using System.Diagnostics;
using System.Globalization;

namespace FedBus.Loop.Bench;

/// <summary>CPU time (user + system, every thread) a process has used so far.</summary>
public static class ProcessCpu
{
    public static double Milliseconds()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime.TotalMilliseconds;
    }

    /// <summary>Another process's CPU time from /proc/&lt;pid&gt;/stat (utime + stime, in clock ticks of 10 ms).</summary>
    public static double Milliseconds(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        // The command name (field 2) may hold spaces; the fields after its closing parenthesis are fixed.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) * 10.0;
    }
}
