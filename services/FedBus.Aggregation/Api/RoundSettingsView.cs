using FedBus.Contracts;

namespace FedBus.Aggregation.Api;

/// <summary>A round's settings, strategy by name.</summary>
public sealed record RoundSettingsView(
    string Strategy, IReadOnlyDictionary<string, double> StrategyParameters, int LocalEpochs, double ProximalMu, bool KeepNormalizationLocal, double NewCaseWeight,
    int MinimumSites, TimeSpan UpdateDeadline, TimeSpan ValidationDeadline, double? ClipNorm, double? NoiseMultiplier)
{
    public static RoundSettingsView Of(RoundSettings s) => new(s.Strategy.ToString(), s.StrategyParameters.ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal),
        s.LocalEpochs, s.ProximalMu, s.KeepNormalizationLocal, s.NewCaseWeight, s.MinimumSites, s.UpdateDeadline, s.ValidationDeadline, s.ClipNorm, s.NoiseMultiplier);
}
