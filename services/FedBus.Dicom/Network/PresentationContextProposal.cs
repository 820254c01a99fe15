namespace FedBus.Dicom.Network;

/// <summary>One presentation context of an A-ASSOCIATE-RQ: an odd id, one abstract syntax, the transfer syntaxes offered.</summary>
public sealed record PresentationContextProposal(byte Id, string AbstractSyntax, IReadOnlyList<string> TransferSyntaxes);
