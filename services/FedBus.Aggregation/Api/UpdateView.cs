using FedBus.Aggregation.Rounds;

namespace FedBus.Aggregation.Api;

/// <summary>An accepted update as a round shows it: the site's figures and how far it moved from the base weights.</summary>
public sealed record UpdateView(
    string SiteId, Guid MessageId, int TrainingSamples, int ValidationSamples, int LocalEpochs, int LocalSteps, IReadOnlyList<ReportedMetric> Metrics,
    double DeltaNorm, string WeightsSha256, long SizeBytes, DateTimeOffset ReceivedAt)
{
    public static UpdateView Of(AcceptedUpdate u) => new(u.SiteId, u.MessageId, u.TrainingSamples, u.ValidationSamples, u.LocalEpochs, u.LocalSteps, u.Metrics,
        u.DeltaNorm, u.WeightsSha256, u.SizeBytes, u.ReceivedAt);
}
