using Microsoft.Extensions.Hosting;

namespace FedBus.BusProbe;

/// <summary>Prints READY once the host (and with it the bus and its queues) has started.</summary>
public sealed class ReadyReporter(IHostApplicationLifetime lifetime) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() => ProbeOutput.Line($"READY pid={Environment.ProcessId}"));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
