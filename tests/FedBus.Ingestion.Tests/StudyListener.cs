using FedBus.ServiceDefaults;
using FedBus.ServiceDefaults.Messaging;
using FedBus.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FedBus.Ingestion.Tests;

/// <summary>A consumer of StudyReceived on a real RabbitMQ virtual host: what inference would see from a service process.</summary>
public sealed class StudyListener : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly string _data;

    private StudyListener(IHost host, string data)
    {
        _host = host;
        _data = data;
    }

    public StudyReceivedRecorder Received => _host.Services.GetRequiredService<StudyReceivedRecorder>();

    public static async Task<StudyListener> StartAsync(RabbitMqVirtualHost vhost)
    {
        var data = Directory.CreateTempSubdirectory("fedbus-listener-").FullName;
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>(vhost.Settings.Select(s => KeyValuePair.Create(s.Key.Replace("__", ":", StringComparison.Ordinal), (string?)s.Value)))
        {
            ["FedBus:DataDirectory"] = data,
            ["FedBus:SiteId"] = "site-test",
        });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton<StudyReceivedRecorder>();
        builder.Services.AddFedBusConsumer<StudyReceivedRecordingConsumer>();
        builder.AddServiceDefaults("ingestion-listener");
        var host = builder.Build();
        await host.StartAsync();
        return new StudyListener(host, data);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
        Directory.Delete(_data, recursive: true);
    }
}
