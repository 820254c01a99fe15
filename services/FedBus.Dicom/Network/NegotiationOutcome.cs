namespace FedBus.Dicom.Network;

/// <summary>Result of negotiating one A-ASSOCIATE-RQ: either an accept PDU or a rejection with a reason for the log.</summary>
internal sealed record NegotiationOutcome(AssociateAccept? Accept, AssociationRejection? Rejection, string Explanation);
