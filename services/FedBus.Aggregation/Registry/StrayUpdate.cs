namespace FedBus.Aggregation.Registry;

/// <summary>An update that names a round the hub does not know (collection aggregation_stray_updates, id = MessageId), kept with the reason.</summary>
public sealed record StrayUpdate(Guid MessageId, string SiteId, Guid RoundId, string ModelId, int BaseModelVersion, string Reason, DateTimeOffset At);
