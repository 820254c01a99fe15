using System.Diagnostics;
using System.Globalization;
using FedBus.ServiceDefaults.Hosting;

namespace FedBus.Bench.Ingestion;

/// <summary>
/// DCMTK storescp writing each instance to a file and nothing else (the reference); with --fork, one child process per
/// association so that several are received at once; with --ignore, receiving only.
/// </summary>
internal sealed class StorescpReceiver(string name, string output, bool fork = false, bool ignore = false) : IReceiver
{
    private readonly int _port = FreeTcpPort.Next();
    private Process? _scp;

    public string Name => name;

    public async Task StartAsync()
    {
        Directory.CreateDirectory(output);
        _scp = Tools.Start("storescp", ["-aet", "STORESCP", "-od", output, .. fork ? new[] { "--fork" } : [], .. ignore ? new[] { "--ignore" } : [],
            _port.ToString(CultureInfo.InvariantCulture)]);
        _ = _scp.StandardOutput.ReadToEndAsync();
        _ = _scp.StandardError.ReadToEndAsync();
        await Tools.WaitForPortAsync(_port, TimeSpan.FromSeconds(30));
    }

    public async Task<Measurement> ReceiveAsync(IReadOnlyList<IReadOnlyList<string>> associations, string studyInstanceUid)
    {
        var before = Directory.GetFiles(output).Length;
        var cpu = Tools.CpuSeconds(_scp!.Id);
        var seconds = await Tools.StorescuAsync("STORESCP", _port, associations);
        var expected = ignore ? 0 : associations.Sum(a => a.Count);
        // Forked children may still be exiting; their CPU counts once they have been waited for.
        for (var i = 0; i < 100 && fork && Directory.GetFiles(output).Length - before < expected; i++) await Task.Delay(20);
        var written = Directory.GetFiles(output).Length - before;
        if (written != expected) throw new InvalidOperationException($"{name} wrote {written} of {expected} files.");
        return new Measurement(seconds, Tools.CpuSeconds(_scp.Id) - cpu);
    }

    public async ValueTask DisposeAsync()
    {
        if (_scp is null) return;
        _scp.Kill(entireProcessTree: true);
        await _scp.WaitForExitAsync();
        _scp.Dispose();
    }
}
