using FedBus.Ingestion.Storing;

namespace FedBus.Ingestion.Index;

/// <summary>An instance whose bytes are in the blob store, on its way into the index; the association that sent it, if any.</summary>
public sealed record IndexEntry(InstanceRecord Instance, InstanceHeader Header, Guid? AssociationId);
