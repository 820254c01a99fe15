using MassTransit.RabbitMqTransport;

namespace FedBus.ServiceDefaults.Federation;

/// <summary>
/// The RabbitMQ exchange MassTransit publishes a message type to ("FedBus.Contracts:ModelUpdateSubmitted": fanout,
/// durable, not auto-delete, no arguments), named by MassTransit's own formatter so the link and the buses agree.
/// </summary>
public static class FederationExchanges
{
    private static readonly RabbitMqMessageNameFormatter Formatter = new();

    public static string NameOf(Type messageType) => Formatter.GetMessageName(messageType).ToString();
}
