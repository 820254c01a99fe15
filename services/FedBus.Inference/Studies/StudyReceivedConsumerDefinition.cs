using FedBus.ServiceDefaults.Messaging;
using MassTransit;

namespace FedBus.Inference.Studies;

/// <summary>
/// Enough studies in flight to keep the model busy: while one batch runs, the next one's images are read, decoded and
/// queued, and the previous one's predictions are encoded and committed. With as many studies in flight as a batch
/// holds (MassTransit's default here: 16), the model waited for every batch to be written back before the next could
/// form.
/// </summary>
public sealed class StudyReceivedConsumerDefinition : ConsumerDefinition<StudyReceivedConsumer>
{
    public StudyReceivedConsumerDefinition(InferenceOptions options, BusOptions bus)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(bus);
        ConcurrentMessageLimit = options.MaxConcurrentStudies;
        // A broker hands a consumer no more than its prefetch; below the limit the limit would never be reached.
        Endpoint(e => e.PrefetchCount = Math.Max(bus.PrefetchCount, options.MaxConcurrentStudies));
    }
}
