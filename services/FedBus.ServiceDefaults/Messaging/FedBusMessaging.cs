using FedBus.ServiceDefaults.Messaging.Outbox;
using FedBus.ServiceDefaults.Storage;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FedBus.ServiceDefaults.Messaging;

internal static class FedBusMessaging
{
    public static void AddBus(IHostApplicationBuilder builder, FedBusOptions fedBus)
    {
        var options = builder.Configuration.GetSection(BusOptions.Section).Get<BusOptions>() ?? new BusOptions();
        options.Validate();
        builder.Services.AddSingleton(options);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<MessageInbox>();
        builder.Services.AddSingleton(sp => new OutboxMessageTypes(sp.GetServices<OutboxMessageType>()));
        builder.Services.AddSingleton<OutboxQueue>();
        builder.Services.AddSingleton(sp => new TransactionalOutbox(
            sp.GetRequiredService<IDocumentStore>(), sp.GetRequiredService<OutboxMessageTypes>(), sp.GetRequiredService<OutboxQueue>(),
            sp.GetRequiredService<TimeProvider>()));
        builder.Services.AddHealthChecks().AddCheck<OutboxHealthCheck>("outbox", tags: ["ready"]);

        // Start-up fails (instead of a half-alive service) when the broker cannot be reached.
        builder.Services.Configure<MassTransitHostOptions>(o =>
        {
            o.WaitUntilStarted = true;
            o.StartTimeout = TimeSpan.FromSeconds(60);
            o.StopTimeout = TimeSpan.FromSeconds(30);
        });
        builder.Services.AddMassTransit(x =>
        {
            // Replicas of one service share its queues (competing consumers); different services get their own.
            x.SetEndpointNameFormatter(new KebabCaseEndpointNameFormatter(fedBus.ServiceName, includeNamespace: false));
            // A hospital's services report nothing to the library's vendor (MassTransit 8.4+ sends usage telemetry to
            // usage-tracking.masstransit.io unless told not to; every service tried to, and logged its failure here).
            x.ConfigureUsageTelemetryOptions(o => o.Enabled = false);

            switch (options.Transport)
            {
                case BusTransport.RabbitMq:
                    x.UsingRabbitMq((context, cfg) =>
                    {
                        cfg.Host(options.Host, options.Port, options.VirtualHost, h =>
                        {
                            h.Username(options.Username);
                            h.Password(options.Password);
                            h.PublisherConfirmation = true;
                        });
                        cfg.PrefetchCount = options.PrefetchCount;
                        cfg.Durable = true;
                        ConfigureCommon(context, cfg, options, brokerRedelivery: options.BrokerDelayedRedelivery);
                    });
                    break;
                case BusTransport.InMemory:
                    x.UsingInMemory((context, cfg) => ConfigureCommon(context, cfg, options, brokerRedelivery: true));
                    break;
                default:
                    throw new InvalidOperationException($"Unknown bus transport '{options.Transport}'.");
            }
        });

        // After AddMassTransit: hosted services start in order and stop in reverse, so the dispatcher runs while the bus does.
        builder.Services.AddSingleton<OutboxDispatcher>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<OutboxDispatcher>());
        builder.Services.AddHostedService<MessagingHousekeeping>();
    }

    private static void ConfigureCommon<TEndpoint>(IBusRegistrationContext context, IBusFactoryConfigurator<TEndpoint> cfg, BusOptions options, bool brokerRedelivery)
        where TEndpoint : IReceiveEndpointConfigurator
    {
        var logger = context.GetRequiredService<ILoggerFactory>().CreateLogger("FedBus.Bus");
        var intervals = options.EffectiveRedeliveryIntervals;
        if (intervals.Length > 0)
        {
            if (brokerRedelivery)
                cfg.UseDelayedRedelivery(r =>
                {
                    r.Intervals(intervals);
                    r.Ignore<Federation.Weights.WeightVerificationException>();
                });
            else
            {
                logger.LogInformation(
                    "Redelivery waits in-process ({Intervals}): the broker has no delayed-message exchange configured",
                    string.Join(", ", intervals));
                cfg.UseMessageRetry(r =>
                {
                    r.Intervals(intervals);
                    r.Ignore<ArgumentException>();
                    r.Ignore<Federation.Weights.WeightVerificationException>();
                });
            }
        }
        cfg.UseMessageRetry(r =>
        {
            r.Exponential(options.RetryLimit, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(300));
            // Bad input does not get better by trying again.
            r.Ignore<ArgumentException>();
            r.Ignore<InvalidDataException>();
            r.Ignore<Federation.Weights.WeightVerificationException>();
        });
        cfg.UseSendFilter(typeof(MessageIdFilter<>), context);
        cfg.UsePublishFilter(typeof(MessageIdFilter<>), context);
        cfg.ConfigureEndpoints(context);
    }
}
