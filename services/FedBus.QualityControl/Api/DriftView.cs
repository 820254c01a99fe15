using FedBus.QualityControl.Drift;

namespace FedBus.QualityControl.Api;

/// <summary>The site's accepted classes for one model against the federation's, and whether they drift.</summary>
public sealed record DriftView(DriftAssessment Assessment, IReadOnlyDictionary<int, long> SiteClassCounts, IReadOnlyDictionary<int, long> FederationClassCounts);
