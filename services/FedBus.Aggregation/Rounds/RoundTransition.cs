using FedBus.Contracts;

namespace FedBus.Aggregation.Rounds;

/// <summary>
/// What a step of <see cref="RoundLifecycle"/> decided: the round afterwards and the events to publish with it (in one
/// unit of work), or — when nothing changes — why the input was ignored.
/// </summary>
public sealed record RoundTransition(TrainingRound Round, IReadOnlyList<IFedBusMessage> Events, string? Ignored = null)
{
    public bool Changed => Ignored is null;

    public static RoundTransition Ignore(TrainingRound round, string why) => new(round, [], why);
}
