namespace FedBus.AnnotationRequest.Worklist;

/// <summary>A reason with its stable code and a sentence for the reader.</summary>
public sealed record ReasonView(string Code, string Message);
