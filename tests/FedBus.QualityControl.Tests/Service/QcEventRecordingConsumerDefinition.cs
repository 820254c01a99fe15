using MassTransit;

namespace FedBus.QualityControl.Tests.Service;

/// <summary>One at a time, so events are recorded in the order QC published them.</summary>
public sealed class QcEventRecordingConsumerDefinition : ConsumerDefinition<QcEventRecordingConsumer>
{
    public QcEventRecordingConsumerDefinition()
    {
        ConcurrentMessageLimit = 1;
    }
}
