using FedBus.ServiceDefaults.Messaging;

namespace FedBus.Aggregation;

/// <summary>
/// Every id the hub makes, derived from what caused it (DeterministicId, UUID v5), so a handler that runs again names
/// its documents and events exactly as the first run did. Publication numbers are unique per model, so the events of
/// a publication are named by it.
/// </summary>
public static class AggregationIds
{
    /// <summary>Namespace of the hub's own names (models, scheduled rounds).</summary>
    public static readonly Guid Namespace = new("4b0f3c55-8d2e-4f6a-9a51-6c2f1e7d9b30");

    public static Guid Model(string modelId) => DeterministicId.Derive(Namespace, "model\n" + modelId);

    public static Guid Round(Guid startCommandId) => DeterministicId.Derive(startCommandId, "training-round");

    /// <summary>The command id of the n-th round a model's schedule starts (so two sweeps start it once).</summary>
    public static Guid ScheduledStart(string modelId, int roundNumber) => DeterministicId.Derive(Model(modelId), $"scheduled-round\n{roundNumber}");

    /// <summary>The command id of a start requested over HTTP with an Idempotency-Key.</summary>
    public static Guid HttpStart(string modelId, string idempotencyKey) => DeterministicId.Derive(Model(modelId), "http-start\n" + idempotencyKey);

    public static Guid RoundStarted(Guid roundId) => DeterministicId.Derive(roundId, "training-round-started");

    public static Guid ValidateCandidate(Guid roundId, int candidateVersion) => DeterministicId.Derive(roundId, $"validate-candidate\n{candidateVersion}");

    public static Guid CandidateRejected(Guid roundId) => DeterministicId.Derive(roundId, "candidate-rejected");

    public static Guid RoundClosed(Guid roundId) => DeterministicId.Derive(roundId, "training-round-closed");

    public static Guid Published(string modelId, long publication) => DeterministicId.Derive(Model(modelId), $"global-model-published\n{publication}");

    public static Guid Reverted(string modelId, long publication) => DeterministicId.Derive(Model(modelId), $"global-model-reverted\n{publication}");

    public static Guid FederationStatistics(Guid reportId) => DeterministicId.Derive(reportId, "federation-statistics");
}
