using System.Globalization;

namespace FedBus.Loop.Bench;

/// <summary>The whole machine's CPU use, from /proc/stat: to take a reference only once the services have gone quiet.</summary>
public static class MachineCpu
{
    /// <summary>
    /// Waits until the machine's CPUs were busy less than <paramref name="busyShare"/> of a 250 ms window (or until
    /// <paramref name="limit"/>); returns the last window's busy share.
    /// </summary>
    public static async Task<double> WaitForQuietAsync(double busyShare = 0.1, TimeSpan? limit = null)
    {
        var deadline = DateTime.UtcNow + (limit ?? TimeSpan.FromSeconds(15));
        double share;
        do
        {
            var (busy0, total0) = Read();
            await Task.Delay(250);
            var (busy1, total1) = Read();
            share = total1 == total0 ? 0 : (double)(busy1 - busy0) / (total1 - total0);
        }
        while (share >= busyShare && DateTime.UtcNow < deadline);
        return share;
    }

    private static (long Busy, long Total) Read()
    {
        // "cpu  user nice system idle iowait irq softirq steal ...": idle and iowait are the quiet part.
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        var total = fields.Take(8).Sum();
        return (total - fields[3] - fields[4], total);
    }
}
