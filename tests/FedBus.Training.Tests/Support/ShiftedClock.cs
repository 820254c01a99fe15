namespace FedBus.Training.Tests.Support;

/// <summary>The real clock moved by a fixed offset: a host restarted "later" without the test waiting, its timers still real.</summary>
public sealed class ShiftedClock(TimeSpan offset) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + offset;
}
