namespace FedBus.AnnotationRequest.Tasks;

/// <summary>
/// A reader's action does not fit the task's state (it is taken, closed, already read by them...). <see cref="Code"/>
/// is stable for clients (see <see cref="TaskRules"/>); the message is meant for the reader.
/// </summary>
public sealed class TaskRuleException(string code, string message) : InvalidOperationException(message)
{
    public string Code { get; } = code;
}
