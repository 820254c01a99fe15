namespace FedBus.Training.Dataset;

/// <summary>The site's validation fraction, fixed at its first start (see TrainingServiceOptions.ValidationFraction).</summary>
public sealed record SplitSettings(double ValidationFraction, DateTimeOffset FixedAt);
