using FedBus.ServiceDefaults.Messaging.Outbox;
using FedBus.ServiceDefaults.Storage;

namespace FedBus.QualityControl.Service;

internal static class UnitOfWorkExtensions
{
    /// <summary>Inserts when nothing was stored, otherwise replaces the stored document at the version it was read.</summary>
    public static UnitOfWork Put<T>(this UnitOfWork work, IDocumentCollection<T> collection, string id, Stored<T>? stored, T document) where T : class =>
        stored is null ? work.Insert(collection, id, document) : work.Replace(collection, id, document, stored.Version);
}
