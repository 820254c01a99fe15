using FedBus.Aggregation.Strategies;

namespace FedBus.Aggregation.Registry;

/// <summary>Server-state files for a rollback: the optimizer buffers of the version rolled back to, with the privacy the federation has spent so far.</summary>
public static class ServerStates
{
    /// <summary>
    /// <paramref name="target"/>'s buffers (none: a fresh state) carrying <paramref name="current"/>'s privacy ledger —
    /// privacy spent stays spent whatever version becomes current. Null when both are null.
    /// </summary>
    public static byte[]? ForRollback(byte[]? target, byte[]? current)
    {
        if (target is null && current is null) return null;
        var spent = current is null ? PrivacyLedger.Empty : ServerState.FromBytes(current).Privacy;
        var state = target is null ? ServerState.CreateInitial() : ServerState.FromBytes(target);
        return ServerState.Next(state.Optimizer, state.Rounds, spent, state.Consume()).ToBytes();
    }
}
