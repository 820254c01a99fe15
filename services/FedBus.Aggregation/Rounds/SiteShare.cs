namespace FedBus.Aggregation.Rounds;

/// <summary>
/// What the aggregation did with one accepted update: included with a share of the aggregate and a clip factor, or left
/// out (norm outlier, not selected by Krum …) with the reason. <see cref="DeltaNorm"/> is null when never measured.
/// </summary>
public sealed record SiteShare(string SiteId, bool Included, double Share, double ClipFactor, double? DeltaNorm, string? Reason);
