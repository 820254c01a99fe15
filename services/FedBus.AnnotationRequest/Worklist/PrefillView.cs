namespace FedBus.AnnotationRequest.Worklist;

/// <summary>The model's guess, in the format of a label of the task (with probabilities or scores), served by this API.</summary>
public sealed record PrefillView(string Url, string MediaType, string Sha256);
