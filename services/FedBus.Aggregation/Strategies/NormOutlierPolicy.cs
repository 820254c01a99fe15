namespace FedBus.Aggregation.Strategies;

/// <summary>
/// Screens updates by the norm of their change ‖w_site − w_global‖: above <see cref="Factor"/> × the median of the
/// round's accepted updates (and above <see cref="MinimumThreshold"/>) an update is rejected or clipped. Needs at least
/// <see cref="MinimumSites"/> valid updates to say what "usual" is; with fewer the screen is skipped (noted in the plan).
/// </summary>
public sealed record NormOutlierPolicy(
    double Factor = 3.0,
    NormOutlierAction Action = NormOutlierAction.Reject,
    int MinimumSites = 3,
    double MinimumThreshold = 0.0)
{
    public void Validate()
    {
        if (!(Factor >= 1) || !double.IsFinite(Factor)) throw new ArgumentException($"Norm outlier factor must be a finite number ≥ 1, got {Factor}.");
        if (MinimumSites < 2) throw new ArgumentException($"Norm outlier screening needs a median of at least 2 updates, got MinimumSites = {MinimumSites}.");
        if (!(MinimumThreshold >= 0) || !double.IsFinite(MinimumThreshold)) throw new ArgumentException($"MinimumThreshold must be finite and ≥ 0, got {MinimumThreshold}.");
    }
}
