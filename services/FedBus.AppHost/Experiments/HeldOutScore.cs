namespace FedBus.AppHost.Experiments;

/// <summary>A model's held-out metric: <see cref="Global"/> is the mean over the sites' copies of the held-out positions.</summary>
public sealed record HeldOutScore(double Global, IReadOnlyDictionary<string, double> Sites);
