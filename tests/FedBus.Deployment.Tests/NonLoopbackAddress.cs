using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace FedBus.Deployment.Tests;

/// <summary>An IPv4 address of this machine that is not loopback: where a container's published port would be reached.</summary>
internal static class NonLoopbackAddress
{
    public static IPAddress Find()
    {
        var addresses = NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == OperationalStatus.Up && n.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .Where(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a) && !a.ToString().StartsWith("169.254.", StringComparison.Ordinal))
            .ToList();
        return addresses.Count > 0
            ? addresses[0]
            : throw new InvalidOperationException(
                "This machine has no IPv4 address besides loopback (no network interface is up). The published-output test runs " +
                "each service on such an address, as its container listens on one; it cannot show that on loopback alone.");
    }

    private static readonly HashSet<int> Given = [];

    /// <summary>
    /// A free port below the kernel's ephemeral range: a port the kernel hands out (bind to 0) is also what it picks as
    /// the source port of an outgoing connection, and one did — the test's own client took a service's port between the
    /// check and the service's bind ("address already in use"). Never the same port twice in this process.
    /// </summary>
    public static int FreePort(IPAddress address)
    {
        var ephemeralStart = EphemeralRangeStart();
        var low = Math.Min(10000, ephemeralStart / 2);
        lock (Given)
        {
            for (var attempt = 0; attempt < 1000; attempt++)
            {
                var port = Random.Shared.Next(low, ephemeralStart);
                if (Given.Contains(port)) continue;
                try
                {
                    using var listener = new TcpListener(address, port);
                    listener.Start();
                }
                catch (SocketException)
                {
                    continue;
                }
                Given.Add(port);
                return port;
            }
        }
        throw new InvalidOperationException($"No free port between {low} and {ephemeralStart} on {address} after 1000 tries.");
    }

    private static int EphemeralRangeStart()
    {
        try
        {
            var range = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[])['\t', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries);
            return int.Parse(range[0], System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return 32768;
        }
    }
}
