using FedBus.Contracts;

namespace FedBus.AnnotationRequest.Tasks;

/// <summary>
/// The outcome of one lifecycle method: the task after it, the events to publish with it (committed together), and
/// whether anything changed. An unchanged transition carries <see cref="Ignored"/>: why a message had no effect.
/// </summary>
public sealed record TaskTransition(AnnotationTask Task, IReadOnlyList<IFedBusMessage> Events, bool Changed, string? Ignored = null)
{
    public static TaskTransition Unchanged(AnnotationTask task, string why) => new(task, [], false, why);
}
