using FedBus.ServiceDefaults.Federation;
using FedBus.ServiceDefaults.Federation.Weights;
using FedBus.Contracts;

namespace FedBus.Aggregation.Weights;

/// <summary>
/// Fills in the weights of the messages the hub publishes: the round state machine names weights by digest only, and
/// here each claim is packed (inline when small, else the digest alone and sites fetch the file from the hub).
/// </summary>
public sealed class OutgoingWeights(WeightClaimCheck claims, FederationOptions options)
{
    public async Task<IFedBusMessage> PackAsync(IFedBusMessage message, CancellationToken cancellationToken) => message switch
    {
        TrainingRoundStarted m => m with { BaseWeights = await PackAsync(m.BaseWeights, cancellationToken) },
        ValidateCandidateModel m => m with { CandidateWeights = await PackAsync(m.CandidateWeights, cancellationToken) },
        GlobalModelPublished m => m with { Weights = await PackAsync(m.Weights, cancellationToken) },
        _ => message,
    };

    private async Task<ModelWeights> PackAsync(ModelWeights claim, CancellationToken cancellationToken)
    {
        if (claim.Inline is not null) return claim;
        // Too large to inline: the hub's own file is in its weight store already; the digest is the message.
        if (claim.SizeBytes > options.InlineWeightsLimitBytes) return claim;
        var packed = await claims.PackAsync(await claims.ResolveAsync(claim, cancellationToken), cancellationToken);
        return packed.WeightsSha256 == claim.WeightsSha256 ? packed : throw new InvalidOperationException($"Packing {claim.WeightsSha256} gave {packed.WeightsSha256}.");
    }
}
