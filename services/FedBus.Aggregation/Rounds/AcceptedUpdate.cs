using System.Text.Json.Serialization;

namespace FedBus.Aggregation.Rounds;

/// <summary>
/// A site's update the round accepted: where its weights are (hub blob store, by SHA-256), what the site says about it,
/// and the inspection made on arrival — ‖w_site − w_global‖² per tensor of the network's layout — so the round is
/// planned later without reading the weights again.
/// </summary>
public sealed record AcceptedUpdate(
    string SiteId,
    Guid MessageId,
    string WeightsSha256,
    long SizeBytes,
    int TrainingSamples,
    int ValidationSamples,
    int LocalEpochs,
    int LocalSteps,
    IReadOnlyList<ReportedMetric> Metrics,
    IReadOnlyList<double> TensorSquaredNorms,
    DateTimeOffset ReceivedAt)
{
    [JsonIgnore]
    public double DeltaNorm => Math.Sqrt(TensorSquaredNorms.Sum());
}
