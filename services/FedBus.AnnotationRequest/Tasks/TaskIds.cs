using FedBus.ServiceDefaults.Messaging;

namespace FedBus.AnnotationRequest.Tasks;

/// <summary>
/// Ids derived from what caused them (name-based UUID v5), so a redelivery, a retried sweep or a client retry names
/// the same task, submission or event as the first attempt did.
/// </summary>
public static class TaskIds
{
    /// <summary>One prediction, at most one task.</summary>
    public static Guid ForPrediction(Guid predictionId) => Derive(predictionId, "annotation-task");

    /// <summary>One client request (its idempotency key), one submission — per reader, so keys of two readers never meet.</summary>
    public static Guid Submission(Guid taskId, string readerId, string idempotencyKey) =>
        Derive(taskId, $"submission\n{readerId}\n{idempotencyKey}");

    /// <summary>An event of the transition that brought the task to <paramref name="revision"/>.</summary>
    public static Guid Event(Guid taskId, int revision, string name) => Derive(taskId, $"event\n{revision}\n{name}");

    internal static Guid Derive(Guid source, string name) => DeterministicId.Derive(source, name);
}
