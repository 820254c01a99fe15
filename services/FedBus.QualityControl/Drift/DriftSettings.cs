namespace FedBus.QualityControl.Drift;

/// <param name="Threshold">Jensen–Shannon divergence (bits) above which the site's classes count as drifting.</param>
/// <param name="MinimumLabels">Fewer accepted labels at the site than this: too few to judge.</param>
public sealed record DriftSettings(double Threshold = 0.1, int MinimumLabels = 20);
