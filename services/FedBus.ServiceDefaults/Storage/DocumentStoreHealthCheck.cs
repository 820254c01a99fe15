using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FedBus.ServiceDefaults.Storage;

internal sealed class DocumentStoreHealthCheck(IDocumentStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            await store.PingAsync(timeout.Token);
            return HealthCheckResult.Healthy($"{store.GetType().Name} answers");
        }
        catch (Exception e)
        {
            return HealthCheckResult.Unhealthy($"{store.GetType().Name} does not answer: {e.Message}", e);
        }
    }
}
