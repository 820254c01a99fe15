namespace FedBus.AppHost.Experiments;

/// <summary>The gate's verdict on a candidate, with the figures it decided on.</summary>
/// <param name="CandidateMetric">Validation-case-weighted metric of the candidate over the sites that validated.</param>
/// <param name="CurrentMetric">The same for the current model.</param>
/// <param name="Reason">Why it was rejected (null when published).</param>
public sealed record GateDecision(bool Published, double CandidateMetric, double CurrentMetric, IReadOnlyList<SiteScore> Sites, string? Reason)
{
    public string Outcome => Published ? "published" : "rejected";
}
