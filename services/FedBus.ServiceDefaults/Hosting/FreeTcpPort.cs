using System.Net;
using System.Net.Sockets;

namespace FedBus.ServiceDefaults.Hosting;

/// <summary>
/// A TCP port for a server another process will start (`up`'s service processes, tests' servers). Taken below the
/// kernel's ephemeral range: a port from that range (what binding port 0 gives) can be taken by any process's outgoing
/// connection between this check and the server's own bind — `up`'s services connecting to RabbitMQ while the next
/// ones start, a suite running many processes — and both hit it ("Address already in use").
/// </summary>
public static class FreeTcpPort
{
    private const int First = 20000;
    private static readonly int End = EphemeralRangeStart();
    private static readonly int Start = Random.Shared.Next(Math.Max(1, End - First));
    private static int _taken;

    public static int Next()
    {
        // No room below the ephemeral range on this machine: the kernel's choice.
        if (End - First < 1000) return KernelChoice();
        for (var tries = 0; tries < End - First; tries++)
        {
            var port = First + (Start + Interlocked.Increment(ref _taken)) % (End - First);
            if (Bindable(port)) return port;
        }
        throw new InvalidOperationException($"No free TCP port between {First} and {End}.");
    }

    private static bool Bindable(int port)
    {
        try
        {
            // Any address: a port bound on loopback only (or in use at all) is refused here too.
            using var listener = new TcpListener(IPAddress.Any, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int KernelChoice()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static int EphemeralRangeStart()
    {
        try
        {
            var low = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)[0];
            return Math.Min(int.Parse(low, System.Globalization.CultureInfo.InvariantCulture), 65536);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return 32768; // Linux's default
        }
    }
}
