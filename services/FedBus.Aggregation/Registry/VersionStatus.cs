using System.Text.Json.Serialization;

namespace FedBus.Aggregation.Registry;

/// <summary>Candidate: built by a round, waiting for the gate. Published: was current at least once. Rejected: the gate (or a deadline, an abort) refused it.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<VersionStatus>))]
public enum VersionStatus
{
    Candidate,
    Published,
    Rejected,
}
