using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace FedBus.ServiceDefaults.Instances;

public static class InstanceSourceExtensions
{
    /// <summary>
    /// Registers the <see cref="IInstanceSource"/> that FedBus:Instances names (once per host: a composed site process
    /// shares it between inference and training).
    /// </summary>
    public static IHostApplicationBuilder AddInstanceSource(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.Configuration.GetSection(InstanceSourceOptions.Section).Get<InstanceSourceOptions>() ?? new InstanceSourceOptions();
        builder.Services.TryAddSingleton(options);
        switch (options.Source)
        {
            case InstanceSourceKind.BlobStore:
                builder.Services.TryAddSingleton<IInstanceSource, BlobStoreInstanceSource>();
                break;
            case InstanceSourceKind.WadoRs:
                if (options.WadoRsBaseUrl is null)
                    throw new InvalidOperationException($"{InstanceSourceOptions.Section}:Source is WadoRs but {InstanceSourceOptions.Section}:WadoRsBaseUrl is not set.");
                var baseUrl = options.WadoRsBaseUrl.ToString().EndsWith('/') ? options.WadoRsBaseUrl : new Uri(options.WadoRsBaseUrl + "/");
                builder.Services.AddHttpClient<WadoRsInstanceSource>(c =>
                {
                    c.BaseAddress = baseUrl;
                    c.Timeout = options.WadoRsTimeout;
                }).AddHttpMessageHandler<Federation.FederationAuthenticationHandler>();
                // Transient, as typed HTTP clients are: the factory rotates handlers under it.
                builder.Services.TryAddTransient<IInstanceSource>(sp => sp.GetRequiredService<WadoRsInstanceSource>());
                break;
            default:
                throw new InvalidOperationException($"Unknown instance source '{options.Source}'.");
        }
        return builder;
    }
}
