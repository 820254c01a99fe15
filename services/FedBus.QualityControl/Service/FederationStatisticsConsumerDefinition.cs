using MassTransit;

namespace FedBus.QualityControl.Service;

/// <summary>
/// Every FederationStatisticsPublished of a model writes the same document (qc_federation_statistics/&lt;model&gt;): two
/// taken at once both found it missing and both inserted it, and the second insert's failure broke LiteDB (its rollback
/// failed and left the store unusable). One at a time per replica removes the race; between replicas the insert or the
/// versioned replace fails, and the retry reads the stored snapshot again and keeps the newer one.
/// </summary>
public sealed class FederationStatisticsConsumerDefinition : ConsumerDefinition<FederationStatisticsConsumer>
{
    public FederationStatisticsConsumerDefinition()
    {
        ConcurrentMessageLimit = 1;
    }
}
