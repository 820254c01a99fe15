using FedBus.Aggregation.Rounds;

namespace FedBus.Aggregation;

/// <summary>Configuration section "FedBus:Aggregation".</summary>
public sealed class AggregationOptions
{
    public const string Section = "FedBus:Aggregation";

    /// <summary>How often stored deadlines and round schedules are looked at (and the aggregation job looks for work it was not told of).</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>A site heard from (statistics, an update, a validation) within this window is live and invited to rounds.</summary>
    public TimeSpan LiveSiteWindow { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Sites always counted as live (in addition to the ones heard from). Null: none.</summary>
    public List<string>? Sites { get; set; }

    /// <summary>Largest weight file the weight store and the model import accept (413 above).</summary>
    public long MaxWeightBytes { get; set; } = 1L << 30;

    /// <summary>Intra-op threads for TorchSharp, used only to build a model's expected layout on import (another service in the process may have pinned it already).</summary>
    public int TorchThreads { get; set; } = 1;

    /// <summary>Rounds the hub starts by itself, by model id.</summary>
    public Dictionary<string, AutoRoundOptions> AutoRounds { get; set; } = new(StringComparer.Ordinal);

    public AggregationOptions Validate()
    {
        if (SweepInterval < TimeSpan.FromMilliseconds(10)) throw new InvalidOperationException($"{Section}:{nameof(SweepInterval)} must be at least 10 ms, got {SweepInterval}.");
        if (LiveSiteWindow <= TimeSpan.Zero) throw new InvalidOperationException($"{Section}:{nameof(LiveSiteWindow)} must be positive, got {LiveSiteWindow}.");
        if (MaxWeightBytes < 1024) throw new InvalidOperationException($"{Section}:{nameof(MaxWeightBytes)} must be at least 1024, got {MaxWeightBytes}.");
        if (TorchThreads < 1) throw new InvalidOperationException($"{Section}:{nameof(TorchThreads)} must be ≥ 1, got {TorchThreads}.");
        foreach (var (model, auto) in AutoRounds)
        {
            if (auto.Interval is null && auto.NewAcceptedCases is null)
                throw new InvalidOperationException($"{Section}:AutoRounds:{model} needs an Interval and/or NewAcceptedCases.");
            if (auto.Interval is { } i && i <= TimeSpan.Zero) throw new InvalidOperationException($"{Section}:AutoRounds:{model}:Interval must be positive.");
            if (auto.NewAcceptedCases is < 1) throw new InvalidOperationException($"{Section}:AutoRounds:{model}:NewAcceptedCases must be ≥ 1.");
            try
            {
                RoundSettingsMapper.ToAggregationSettings(auto.ToSettings());
            }
            catch (ArgumentException e)
            {
                throw new InvalidOperationException($"{Section}:AutoRounds:{model}: {e.Message}", e);
            }
        }
        return this;
    }
}
