namespace FedBus.AnnotationRequest;

/// <summary>
/// The service's clock (leases, deadlines, the budget day) is the host's <see cref="TimeProvider"/> registered under this
/// key, so tests can drive it with a FakeTimeProvider without stopping the bus's and the outbox's own timers.
/// </summary>
public static class AnnotationClock
{
    public const string Key = "annotation-request";
}
