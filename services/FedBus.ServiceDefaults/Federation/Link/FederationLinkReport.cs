namespace FedBus.ServiceDefaults.Federation.Link;

/// <summary>What one configuration run did: every change in words (passwords left out), and how much was already right.</summary>
public sealed record FederationLinkReport(IReadOnlyList<string> Changes, int Unchanged)
{
    public bool ChangedAnything => Changes.Count > 0;
}
