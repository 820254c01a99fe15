using System.Text.Json.Serialization;

namespace FedBus.Aggregation.Rounds;

/// <summary>
/// Where a round is. Collecting → Aggregating → Validating → Published | RejectedByGate; Collecting → TooFewUpdates;
/// Validating → TimedOut (no validation by the deadline); any open state → Aborted.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<RoundState>))]
public enum RoundState
{
    Collecting,
    Aggregating,
    Validating,
    Published,
    RejectedByGate,
    TooFewUpdates,
    TimedOut,
    Aborted,
}
