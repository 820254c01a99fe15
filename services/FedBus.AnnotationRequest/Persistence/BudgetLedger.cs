namespace FedBus.AnnotationRequest.Persistence;

/// <summary>What one budget day of one model has spent (id "{modelId}/{day}"); replaced with its version, so two releases never overspend.</summary>
public sealed record BudgetLedger(string ModelId, string Day, int Opened, int AuditOpened);
