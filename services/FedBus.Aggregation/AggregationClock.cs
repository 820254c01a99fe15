namespace FedBus.Aggregation;

/// <summary>
/// The service's clock (deadlines, round timestamps, the schedule) is the host's <see cref="TimeProvider"/> registered
/// under this key, so tests can drive it with a FakeTimeProvider without stopping the bus's and the outbox's timers.
/// </summary>
public static class AggregationClock
{
    public const string Key = "aggregation";
}
