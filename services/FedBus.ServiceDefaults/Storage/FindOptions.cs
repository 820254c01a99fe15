namespace FedBus.ServiceDefaults.Storage;

/// <summary>Paging and ordering for <see cref="IDocumentCollection{T}.FindAsync"/>. Without a sort the order is by id.</summary>
public sealed record FindOptions(string? SortBy = null, bool Descending = false, int Skip = 0, int? Limit = null);
