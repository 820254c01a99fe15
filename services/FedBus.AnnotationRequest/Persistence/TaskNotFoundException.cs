namespace FedBus.AnnotationRequest.Persistence;

/// <summary>No task with this id is open to readers (none exists, or it is a candidate that has not opened).</summary>
public sealed class TaskNotFoundException(Guid taskId) : Exception($"There is no annotation task {taskId}.")
{
    public Guid TaskId { get; } = taskId;
}
