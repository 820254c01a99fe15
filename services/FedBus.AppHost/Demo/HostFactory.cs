using FedBus.ServiceDefaults.Hosting;
using FedBus.ServiceDefaults.Logging;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FedBus.AppHost.Demo;

/// <summary>
/// A WebApplication of the demo: its own configuration (nothing read from the AppHost's folder), its logs to a file of
/// the run's log folder (the console belongs to the progress display), loopback only, a free port.
/// </summary>
internal static class HostFactory
{
    public static WebApplicationBuilder Create(string name, string contentRoot, string logFolder, IReadOnlyDictionary<string, string?> settings)
    {
        Directory.CreateDirectory(contentRoot);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = [FedBusWebApplication.NoConfigReload],
            ContentRootPath = contentRoot,
            EnvironmentName = Environments.Production,
            ApplicationName = typeof(HostFactory).Assembly.GetName().Name,
        });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>(settings)
        {
            ["urls"] = "http://127.0.0.1:0",
            [DemoTokens.SettingKey] = DemoTokens.SigningKey,
            ["Logging:LogLevel:Default"] = "Information",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
            ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Warning",
            ["Logging:LogLevel:MassTransit"] = "Warning",
            ["Logging:LogLevel:Yarp"] = "Warning",
        });
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(new FileCaptureLoggerProvider(logFolder, name));
        return builder;
    }

    /// <summary>The address Kestrel bound (the configured port is 0).</summary>
    public static Uri Address(WebApplication app)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
        var address = addresses?.FirstOrDefault() ?? throw new InvalidOperationException("The host has not bound an address.");
        return new Uri(address.EndsWith('/') ? address : address + "/");
    }
}
