using FedBus.ServiceDefaults.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FedBus.ServiceDefaults.Messaging.Outbox;

/// <summary>Degraded when committed events wait too long to be published (broker down) or cannot be published at all.</summary>
internal sealed class OutboxHealthCheck(TransactionalOutbox outbox, BusOptions options, TimeProvider time) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var pending = DocumentFilter.Eq("state", OutboxState.Pending);
        var oldest = (await outbox.Entries.FindAsync(pending, new FindOptions(Limit: 1), cancellationToken)).FirstOrDefault();
        var failed = await outbox.Entries.CountAsync(DocumentFilter.Eq("state", OutboxState.Failed), cancellationToken);
        if (failed > 0)
            return HealthCheckResult.Degraded($"{failed} outbox entries cannot be published (unknown message type); see the log and the outbox collection.");
        if (oldest is null) return HealthCheckResult.Healthy("no events waiting");
        var count = await outbox.Entries.CountAsync(pending, cancellationToken);
        var age = time.GetUtcNow() - oldest.Document.CreatedAt;
        var description = $"{count} events waiting to be published, the oldest for {age.TotalSeconds:0} s" +
                          (oldest.Document.LastError is { } error ? $" (last error: {error})" : "");
        return age > options.OutboxBacklogWarning ? HealthCheckResult.Degraded(description) : HealthCheckResult.Healthy(description);
    }
}
