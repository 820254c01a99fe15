namespace FedBus.ServiceDefaults.Tests.Messaging;

/// <summary>How the counting consumer behaves: how long its effect takes, how many attempts fail first.</summary>
public sealed class CountingBehaviour
{
    public TimeSpan EffectDuration { get; init; }

    private int _failuresLeft;

    public int FailuresBeforeSuccess
    {
        init => _failuresLeft = value;
    }

    public bool ShouldFail() => Interlocked.Decrement(ref _failuresLeft) >= 0;
}
