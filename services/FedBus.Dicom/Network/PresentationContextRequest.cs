namespace FedBus.Dicom.Network;

/// <summary>An abstract syntax and the transfer syntaxes we offer for it; the association assigns the context id.</summary>
public sealed record PresentationContextRequest(string AbstractSyntax, IReadOnlyList<string> TransferSyntaxes);
