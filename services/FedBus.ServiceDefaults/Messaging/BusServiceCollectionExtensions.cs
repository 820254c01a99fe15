using FedBus.Contracts;
using FedBus.ServiceDefaults.Messaging.Outbox;
using MassTransit;
using MassTransit.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace FedBus.ServiceDefaults.Messaging;

public static class BusServiceCollectionExtensions
{
    /// <summary>
    /// Registers a consumer on the process's bus. Order does not matter relative to AddServiceDefaults:
    /// MassTransit reads consumer registrations from the container when it configures endpoints.
    /// </summary>
    public static IServiceCollection AddFedBusConsumer<TConsumer>(this IServiceCollection services)
        where TConsumer : class, IConsumer
    {
        services.RegisterConsumer<TConsumer>();
        return services;
    }

    public static IServiceCollection AddFedBusConsumer<TConsumer, TDefinition>(this IServiceCollection services)
        where TConsumer : class, IConsumer
        where TDefinition : class, IConsumerDefinition<TConsumer>
    {
        services.RegisterConsumer<TConsumer, TDefinition>();
        return services;
    }

    /// <summary>
    /// Lets the outbox carry <typeparamref name="TMessage"/>, a message type outside FedBus.Contracts (those are allowed
    /// already). The outbox never instantiates a type it was not told about.
    /// </summary>
    public static IServiceCollection AddOutboxMessageType<TMessage>(this IServiceCollection services)
        where TMessage : class, IFedBusMessage
    {
        services.AddSingleton(new OutboxMessageType(typeof(TMessage)));
        return services;
    }
}
