using System.Text.Json;
using System.Text.Json.Serialization;
using FedBus.Contracts;

namespace FedBus.ServiceDefaults.Messaging.Outbox;

/// <summary>
/// The message types an outbox entry may name: every concrete <see cref="IFedBusMessage"/> of FedBus.Contracts, and
/// those registered explicitly. An entry names its type by full name; nothing else is ever instantiated from the store.
/// </summary>
public sealed class OutboxMessageTypes
{
    private readonly Dictionary<string, Type> _byName = new(StringComparer.Ordinal);

    public OutboxMessageTypes(IEnumerable<OutboxMessageType> registered)
    {
        var contracts = typeof(IFedBusMessage).Assembly.GetExportedTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IFedBusMessage).IsAssignableFrom(t));
        foreach (var type in contracts.Concat(registered.Select(r => r.Type)))
        {
            if (!typeof(IFedBusMessage).IsAssignableFrom(type) || type.IsAbstract || type.FullName is null)
                throw new ArgumentException($"{type} cannot be an outbox message: it must be a concrete IFedBusMessage.");
            _byName[type.FullName] = type;
        }
    }

    /// <summary>How payloads are written and read: the web defaults, enums as text, offsets kept.</summary>
    internal static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public string NameOf(Type type) =>
        type.FullName is { } name && _byName.ContainsKey(name)
            ? name
            : throw new ArgumentException(
                $"{type} cannot go through the outbox: only IFedBusMessage types of FedBus.Contracts, and types registered " +
                "with AddOutboxMessageType<T>(), can.", nameof(type));

    public bool TryResolve(string name, out Type type) => _byName.TryGetValue(name, out type!);
}
