using FedBus.Contracts;
using FedBus.ServiceDefaults.Messaging.Outbox;
using FedBus.ServiceDefaults.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace FedBus.BusProbe;

/// <summary>
/// The "commit" role: stores a state change and the StudyReceived announcing it as one unit of work (as an HTTP endpoint
/// would), then waits until the outbox has published it and marked it sent.
/// </summary>
public static class ProbeCommitter
{
    public const string StatesCollection = "probe_states";

    public static async Task CommitAsync(IServiceProvider services, Guid id, CancellationToken cancellationToken)
    {
        var outbox = services.GetRequiredService<TransactionalOutbox>();
        var states = services.GetRequiredService<IDocumentStore>().Collection<ProbeState>(StatesCollection);
        var work = outbox.Begin(cancellationToken)
            .Insert(states, id.ToString("N"), new ProbeState(id, "announced", Environment.ProcessId))
            .Publish(new StudyReceived(id, DateTimeOffset.UtcNow, "site-probe", "1.2.826.0.1.3680043.10.99", null, "PROBE", []));
        await outbox.CommitAsync(work, cancellationToken);
        ProbeOutput.Line($"COMMITTED {id} pid={Environment.ProcessId}");

        while (true)
        {
            var entry = (await outbox.Entries.FindAsync(DocumentFilter.Eq("messageId", id), cancellationToken: cancellationToken)).Single();
            if (entry.Document.State == OutboxState.Sent) break;
            await Task.Delay(20, cancellationToken);
        }
        ProbeOutput.Line($"SENT {id} pid={Environment.ProcessId}");
    }
}
