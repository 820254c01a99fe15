namespace FedBus.Aggregation.Bench;

/// <summary>Resident memory of this process from /proc: the current RSS and the peak since the last reset.</summary>
internal static class ProcessMemory
{
    public static long Rss => Read("VmRSS");

    public static long Peak => Read("VmHWM");

    /// <summary>Sets the peak (VmHWM) back to the current RSS (Linux ≥ 4.0).</summary>
    public static void ResetPeak() => File.WriteAllText("/proc/self/clear_refs", "5");

    private static long Read(string field)
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
            if (line.StartsWith(field + ":", StringComparison.Ordinal))
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
        throw new InvalidOperationException($"{field} not in /proc/self/status");
    }
}
