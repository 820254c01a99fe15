namespace FedBus.Aggregation.Strategies;

/// <summary>
/// What a round did with one site's update. <see cref="Share"/> is the site's weight in the aggregate (0 when left out;
/// for the order statistics a nominal 1/K), <see cref="ClipFactor"/> the factor its change was scaled by (1 = untouched),
/// <see cref="DeltaNorm"/> ‖w_site − w_global‖ over the aggregated tensors (NaN if it was never measured), and
/// <see cref="Reason"/> why it was left out or altered, in words.
/// </summary>
public sealed record SiteDecision(string SiteId, bool Included, double Share, double ClipFactor, double DeltaNorm, string? Reason);
