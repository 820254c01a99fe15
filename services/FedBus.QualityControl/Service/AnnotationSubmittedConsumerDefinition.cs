using MassTransit;

namespace FedBus.QualityControl.Service;

/// <summary>
/// Submissions of one task are decided on one task document, and every verdict updates the model's statistics, so
/// concurrent reviews would mostly collide on versions. Radiologists submit a few labels a minute: one at a time per
/// replica costs nothing, and collisions between replicas are settled by the version check and the retry policy.
/// </summary>
public sealed class AnnotationSubmittedConsumerDefinition : ConsumerDefinition<AnnotationSubmittedConsumer>
{
    public AnnotationSubmittedConsumerDefinition()
    {
        ConcurrentMessageLimit = 1;
    }
}
