using FedBus.Aggregation.Rounds;

namespace FedBus.Aggregation.Api;

/// <summary>POST /aggregation/rounds: the model, optionally the sites (default: the live ones), who asks, and the round's settings.</summary>
public sealed class StartRoundRequest : RoundSettingsInput
{
    public string? ModelId { get; set; }

    public List<string>? Sites { get; set; }

    public string? RequestedBy { get; set; }
}
