namespace FedBus.Aggregation.Api;

/// <summary>The model after a rollback and the version now current (its publications list the new one).</summary>
public sealed record RollbackView(ModelView Model, VersionView Version);
