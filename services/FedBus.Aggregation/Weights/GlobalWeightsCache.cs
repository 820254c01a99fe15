using FedBus.ServiceDefaults.Federation.Weights;
using FedBus.Aggregation.Profiles;
using FedBus.Aggregation.Strategies;
using FedBus.Contracts;

namespace FedBus.Aggregation.Weights;

/// <summary>
/// The base weights updates are inspected against, kept parsed for the few versions rounds are running on (every update
/// of a round compares with the same file; reading and hashing it per update would double the work).
/// </summary>
public sealed class GlobalWeightsCache(WeightClaimCheck claims)
{
    private const int Capacity = 2;
    private readonly Lock gate = new();
    private readonly LinkedList<(string Sha256, WeightsView Network)> entries = new();

    /// <summary>The network part (no profile tensors) of the weights with this digest.</summary>
    public async Task<WeightsView> NetworkAsync(string sha256, long size, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            var hit = entries.FirstOrDefault(e => e.Sha256 == sha256);
            if (hit.Network is not null) return hit.Network;
        }
        var bytes = await claims.ResolveAsync(new ModelWeights(sha256, size, null), cancellationToken);
        var network = ProfileTensors.Network(WeightsView.FromSafeTensors(bytes));
        lock (gate)
        {
            entries.AddFirst((sha256, network));
            while (entries.Count > Capacity) entries.RemoveLast();
        }
        return network;
    }
}
