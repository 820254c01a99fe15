namespace FedBus.Training.Jobs;

/// <summary>A job that cannot succeed however often it runs (no training cases, weights that do not fit the architecture).</summary>
public sealed class JobPermanentException(string message, Exception? inner = null) : Exception(message, inner);
