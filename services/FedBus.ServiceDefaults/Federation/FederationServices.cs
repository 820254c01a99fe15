using FedBus.ServiceDefaults.Federation.Link;
using FedBus.ServiceDefaults.Federation.Weights;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Http.Resilience;

namespace FedBus.ServiceDefaults.Federation;

/// <summary>What every service gets for the federation: the weight claim check and, at a hub that asks for it, the RabbitMQ link.</summary>
internal static class FederationServices
{
    public static void Add(IHostApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(FederationOptions.Section).Get<FederationOptions>() ?? new FederationOptions();
        options.Validate();
        builder.Services.AddSingleton(options);

        // Authentication (issue 11) registers its own credentials; until then requests go without.
        builder.Services.TryAddSingleton<IFederationCredentials, AnonymousFederationCredentials>();
        builder.Services.AddTransient<FederationAuthenticationHandler>();
        var http = builder.Services.AddHttpClient(WeightStoreClient.HttpClientName, client =>
        {
            if (options.HubUrl is not null) client.BaseAddress = options.HubUrl;
            // The resilience handler's timeouts govern; the claim check bounds a whole transfer, body included.
            client.Timeout = Timeout.InfiniteTimeSpan;
        });
        http.AddStandardResilienceHandler(r => ConfigureResilience(r, options));
        // Added after the resilience handler, so it sits inside it: each attempt gets its header afresh.
        http.AddHttpMessageHandler<FederationAuthenticationHandler>();
        builder.Services.AddSingleton<WeightClaimCheck>();

        if (options.Link.ConfigureAtStartup) builder.Services.AddHostedService<FederationLinkStartup>();
    }

    private static void ConfigureResilience(HttpStandardResilienceOptions resilience, FederationOptions options)
    {
        resilience.AttemptTimeout.Timeout = options.WeightAttemptTimeout;
        resilience.TotalRequestTimeout.Timeout = options.WeightTransferTimeout;
        resilience.Retry.Delay = options.WeightRetryDelay;
        // The breaker must sample at least two attempts' worth of time.
        resilience.CircuitBreaker.SamplingDuration = options.WeightAttemptTimeout * 2;
    }
}
