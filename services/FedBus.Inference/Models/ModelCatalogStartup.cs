using Microsoft.Extensions.Hosting;

namespace FedBus.Inference.Models;

/// <summary>Loads the adopted models when the host starts, so the first study does not wait for them.</summary>
internal sealed class ModelCatalogStartup(ModelCatalog catalog) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => catalog.RefreshAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
