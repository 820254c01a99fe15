namespace FedBus.Training;

/// <summary>The site this training service trains for (FedBus:SiteId; required: training is per site).</summary>
public sealed record SiteIdentity(string SiteId);
