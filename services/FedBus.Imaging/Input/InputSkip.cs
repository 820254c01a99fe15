namespace FedBus.Imaging.Input;

/// <summary>An instance (<paramref name="Frame"/> null) or one frame (0-based) that is not given to a model, and why.</summary>
public sealed record InputSkip(int? Frame, string Code, string Message);
