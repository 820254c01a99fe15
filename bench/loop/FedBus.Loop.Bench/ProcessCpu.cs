using System.Diagnostics;

namespace FedBus.Loop.Bench;

/// <summary>CPU time (user + system, every thread) this process has used so far.</summary>
public static class ProcessCpu
{
    public static double Milliseconds()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime.TotalMilliseconds;
    }
}
