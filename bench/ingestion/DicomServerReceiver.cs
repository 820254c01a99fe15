using System.Net;
using FedBus.Dicom.Network;

namespace FedBus.Bench.Ingestion;

/// <summary>Our bare DicomServer in this process with a handler that keeps nothing: the network layer alone.</summary>
internal sealed class DicomServerReceiver : IReceiver
{
    private readonly DiskWritingHandler _handler = new(null);
    private DicomServer? _server;

    public string Name => "FedBus DicomServer, handler discards";

    public async Task StartAsync()
    {
        _server = new DicomServer(new DicomServerOptions { AeTitle = "FEDBUS", Port = 0, BindAddress = IPAddress.Loopback }, _handler);
        await _server.StartAsync();
    }

    public async Task<Measurement> ReceiveAsync(IReadOnlyList<IReadOnlyList<string>> associations, string studyInstanceUid)
    {
        var before = _handler.Stored;
        var self = Environment.ProcessId;
        var cpu = Tools.CpuSeconds(self);
        var seconds = await Tools.StorescuAsync("FEDBUS", _server!.Port, associations);
        var measured = new Measurement(seconds, Tools.CpuSeconds(self) - cpu);
        var expected = associations.Sum(a => a.Count);
        if (_handler.Stored - before != expected) throw new InvalidOperationException($"The bare server took {_handler.Stored - before} of {expected}.");
        return measured;
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
    }
}
