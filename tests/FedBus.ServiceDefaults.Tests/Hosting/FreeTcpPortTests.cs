using System.Net;
using System.Net.Sockets;
using FedBus.ServiceDefaults.Hosting;

namespace FedBus.ServiceDefaults.Tests.Hosting;

public sealed class FreeTcpPortTests
{
    [Fact]
    public void Ports_handed_out_lie_below_the_kernels_ephemeral_range_differ_and_bind_on_every_address()
    {
        var low = int.Parse(File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)[0],
            System.Globalization.CultureInfo.InvariantCulture);
        var ports = Enumerable.Range(0, 20).Select(_ => FreeTcpPort.Next()).ToList();

        Assert.Equal(ports.Count, ports.Distinct().Count());
        Assert.All(ports, p => Assert.InRange(p, 20000, low - 1));
        foreach (var port in ports)
        {
            using var listener = new TcpListener(IPAddress.Any, port);
            listener.Start();
        }
    }

    [Fact]
    public void A_port_something_listens_on_is_never_handed_out()
    {
        var taken = new List<TcpListener>();
        try
        {
            // Hold the next few ports the picker would try: it must skip every one of them.
            var first = FreeTcpPort.Next();
            for (var p = first + 1; p < first + 6; p++)
            {
                var l = new TcpListener(IPAddress.Loopback, p);
                try { l.Start(); taken.Add(l); } catch (SocketException) { l.Dispose(); }
            }
            var held = taken.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToHashSet();
            for (var i = 0; i < 10; i++) Assert.DoesNotContain(FreeTcpPort.Next(), held);
        }
        finally
        {
            foreach (var l in taken) l.Dispose();
        }
    }
}
