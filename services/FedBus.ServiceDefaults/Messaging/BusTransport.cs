namespace FedBus.ServiceDefaults.Messaging;

public enum BusTransport
{
    InMemory,
    RabbitMq,
}
