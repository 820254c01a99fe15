namespace FedBus.Dicom.Network;

/// <summary>
/// One presentation context of an A-ASSOCIATE-AC. <see cref="AbstractSyntax"/> is not on the wire; it is filled in
/// from the matching proposal so callers need not join the two lists.
/// </summary>
public sealed record PresentationContextResponse(byte Id, PresentationContextResult Result, string TransferSyntax, string AbstractSyntax = "")
{
    public bool IsAccepted => Result == PresentationContextResult.Acceptance;
}
