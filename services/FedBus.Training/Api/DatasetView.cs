namespace FedBus.Training.Api;

/// <summary>A model's dataset at this site: active cases per pool, new since the last round, unusable and withdrawn, by class.</summary>
public sealed record DatasetView(
    string ModelId, double ValidationFraction, int Train, int Validation, int NewSinceLastRound, int Unusable, int Withdrawn, IReadOnlyList<ClassCountView> ByClass);
