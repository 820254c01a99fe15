namespace FedBus.AnnotationRequest.Worklist;

/// <summary>The request names a reader in a form that cannot be an id.</summary>
public sealed class ReaderIdentityException(string message) : Exception(message);
