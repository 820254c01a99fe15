using System.Collections.Concurrent;
using System.Net;
using FedBus.Dicom.Network;

namespace FedBus.Dicom.Tests.Network;

/// <summary>Starts a <see cref="DicomServer"/> on a free loopback port and keeps its log for assertions.</summary>
internal static class TestServer
{
    public const string AeTitle = "FEDBUS";

    public static async Task<(DicomServer Server, ConcurrentQueue<string> Log)> StartAsync(IDicomStoreHandler handler, Action<DicomServerOptions>? configure = null)
    {
        var log = new ConcurrentQueue<string>();
        var options = new DicomServerOptions
        {
            AeTitle = AeTitle,
            Port = 0,
            BindAddress = IPAddress.Loopback,
            Log = (level, message, exception) => log.Enqueue($"{level}: {message}{(exception is null ? "" : " " + exception)}"),
        };
        configure?.Invoke(options);
        var server = new DicomServer(options, handler);
        await server.StartAsync();
        return (server, log);
    }

    /// <summary>No association ended in a crash of our own code.</summary>
    public static void AssertNoUnexpectedFailure(ConcurrentQueue<string> log) =>
        Assert.DoesNotContain(log, line => line.Contains("failed unexpectedly", StringComparison.Ordinal));
}
