namespace FedBus.ServiceDefaults.Storage;

/// <summary>
/// Paging and ordering for <see cref="IDocumentCollection{T}.FindAsync"/>. Without a sort the order is by id, unless
/// <paramref name="AnyOrder"/> says the caller reads the whole result and orders it itself: the engine then returns the
/// documents in whatever order its index finds them, without sorting them (for LiteDB that sort is most of the cost
/// of reading a study's instances). Paging needs an order, so <paramref name="AnyOrder"/> takes neither a sort nor a page.
/// </summary>
public sealed record FindOptions(string? SortBy = null, bool Descending = false, int Skip = 0, int? Limit = null, bool AnyOrder = false)
{
    /// <summary>The whole result, in the engine's order.</summary>
    public static readonly FindOptions Unordered = new(AnyOrder: true);

    /// <summary>What the engine sorts by: the named field, else the id (ascending); null when the caller waived the order.</summary>
    internal (string Path, bool Descending)? Sort
    {
        get
        {
            if (!AnyOrder) return SortBy is null ? ("_id", false) : (SortBy, Descending);
            if (SortBy is not null || Skip != 0 || Limit is not null)
                throw new ArgumentException("A find in any order reads the whole result: it takes no sort field, skip or limit.");
            return null;
        }
    }
}
