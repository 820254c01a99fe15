using FedBus.Contracts;

namespace FedBus.QualityControl.Drift;

/// <summary>
/// The site's class distribution against the federation's for one model. <see cref="Divergence"/> is null when it
/// cannot be judged (<see cref="Note"/> says why); <see cref="Flag"/> is set when the site drifts.
/// </summary>
public sealed record DriftAssessment(
    string ModelId,
    long SiteLabels,
    long FederationLabels,
    int ReportingSites,
    double? Divergence,
    double Threshold,
    QcFlag? Flag,
    string Note)
{
    public bool Drifting => Flag is not null;
}
