namespace FedBus.AppHost.Experiments;

/// <summary>One site's validation of a round's candidate and of the current model, on its own validation pool.</summary>
public sealed record SiteScore(string SiteId, int ValidationCases, double Candidate, double Current)
{
    public double Change => Candidate - Current;
}
