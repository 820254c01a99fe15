using FedBus.Aggregation.Persistence;
using FedBus.Contracts;
using FedBus.ServiceDefaults.Messaging;
using FedBus.ServiceDefaults.Messaging.Outbox;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace FedBus.Aggregation.Consumers;

/// <summary>
/// A site's counts: the site is live, its report the latest for the model, and the federation's pooled class counts
/// over every site's latest report go back to the sites (FederationStatisticsPublished) for their drift checks.
/// </summary>
public sealed class SiteStatisticsReportedConsumer(
    SiteDirectory sites, [FromKeyedServices(AggregationClock.Key)] TimeProvider time, MessageInbox inbox, TransactionalOutbox outbox,
    ILogger<SiteStatisticsReportedConsumer> logger)
    : IdempotentConsumer<SiteStatisticsReported>(inbox, outbox, logger)
{
    protected override async Task ConsumeOnce(ConsumeContext<SiteStatisticsReported> context, UnitOfWork work)
    {
        var report = context.Message;
        var now = time.GetUtcNow();
        var (reporting, counts) = await sites.RecordAsync(work, report, now, work.CancellationToken);
        work.Publish(new FederationStatisticsPublished(AggregationIds.FederationStatistics(report.MessageId), now, report.ModelId, reporting, counts));
    }
}
