namespace FedBus.QualityControl.Service;

/// <summary>Creates QC's indexes when the host starts.</summary>
public sealed class QcStoreSetup(QcStore store) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => store.EnsureIndexesAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
