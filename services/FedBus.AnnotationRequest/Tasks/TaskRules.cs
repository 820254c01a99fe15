namespace FedBus.AnnotationRequest.Tasks;

/// <summary>The codes of <see cref="TaskRuleException"/>.</summary>
public static class TaskRules
{
    public const string NotOpen = "task-not-open";
    public const string Closed = "task-closed";
    public const string AlreadyRead = "already-read";
    public const string Skipped = "skipped-by-reader";
    public const string NoFreeRead = "no-free-read";
    public const string NotHolder = "not-holder";
    public const string DuplicateSubmission = "duplicate-submission";
    public const string ReasonRequired = "reason-required";
}
