using FedBus.Contracts;
using FedBus.ServiceDefaults.Messaging.Outbox;
using FedBus.ServiceDefaults.Storage;

namespace FedBus.Training.Tests.Support;

public static class OutboxCounts
{
    /// <summary>Outbox entries (pending or sent) of type <typeparamref name="T"/>: one per commit that published one.</summary>
    public static async Task<int> OfAsync<T>(IDocumentCollection<OutboxEntry> outbox) where T : IFedBusMessage =>
        (int)await outbox.CountAsync(DocumentFilter.Eq("messageType", typeof(T).FullName!));
}
