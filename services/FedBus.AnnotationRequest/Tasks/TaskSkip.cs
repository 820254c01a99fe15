namespace FedBus.AnnotationRequest.Tasks;

/// <summary>A reader declined the task; they are never offered it again.</summary>
public sealed record TaskSkip(string ReaderId, string Reason, DateTimeOffset At);
