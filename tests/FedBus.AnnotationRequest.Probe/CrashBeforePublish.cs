namespace FedBus.AnnotationRequest.Probe;

/// <summary>Whether this run dies just before the first AnnotationTaskCreated reaches the broker.</summary>
public sealed record CrashBeforePublish(bool Enabled);
