namespace FedBus.AnnotationRequest.Worklist;

/// <summary>Body of skip and cancel: {"reason": "image unreadable"}.</summary>
public sealed record ReasonRequest(string? Reason);
