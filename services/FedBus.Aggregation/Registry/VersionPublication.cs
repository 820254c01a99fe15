namespace FedBus.Aggregation.Registry;

/// <summary>One time a version became current: its publication number, when, and whether it was a rollback.</summary>
public sealed record VersionPublication(long Publication, DateTimeOffset At, bool IsRollback, string? RequestedBy, string? Reason);
