namespace FedBus.Contracts;

public enum RoundOutcome
{
    Published,
    RejectedByGate,
    TooFewUpdates,
    TimedOut,
    Aborted,
}
