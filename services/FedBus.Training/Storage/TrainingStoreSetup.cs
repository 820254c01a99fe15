namespace FedBus.Training.Storage;

/// <summary>Creates training's indexes when the host starts.</summary>
public sealed class TrainingStoreSetup(TrainingStore store) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => store.EnsureIndexesAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
