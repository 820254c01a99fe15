namespace FedBus.Loop.Tests;

/// <summary>A queue of the management API's list; <see cref="Messages"/> lags the broker by a few seconds.</summary>
public sealed record QueueCount(string Name, long Messages);
