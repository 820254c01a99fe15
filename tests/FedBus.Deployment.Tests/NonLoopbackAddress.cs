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

    public static int FreePort(IPAddress address)
    {
        using var listener = new TcpListener(address, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
