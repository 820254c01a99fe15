namespace FedBus.AppHost.Experiments.Reporting;

/// <summary>One federated round: who was aggregated, what the gate saw and decided, and the global model after it.</summary>
/// <param name="CandidateHeldOut">Held-out metric of the candidate, published or not (what the gate let in or kept out).</param>
/// <param name="HeldOutMetric">Held-out metric of the global model after the round (the candidate if published, else the previous one).</param>
public sealed record RoundReport(
    int Round,
    string Gate,
    string? Reason,
    double CandidateValidation,
    double CurrentValidation,
    IReadOnlyList<SiteScore> Validation,
    double CandidateHeldOut,
    double HeldOutMetric,
    IReadOnlyDictionary<string, double> SiteMetric,
    IReadOnlyList<string> Aggregated,
    IReadOnlyDictionary<string, string> LeftOut);
