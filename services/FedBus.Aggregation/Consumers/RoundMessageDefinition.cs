using MassTransit;

namespace FedBus.Aggregation.Consumers;

/// <summary>
/// Updates and validations of one round all change its document: taken one at a time per process they rarely collide
/// (across replicas the versioned replace and the retry policy sort it out).
/// </summary>
public sealed class RoundMessageDefinition<TConsumer> : ConsumerDefinition<TConsumer> where TConsumer : class, IConsumer
{
    public RoundMessageDefinition() => ConcurrentMessageLimit = 1;
}
