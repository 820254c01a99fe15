using FedBus.Contracts;
using FedBus.ServiceDefaults.Messaging;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FedBus.ServiceDefaults.Tests.Messaging;

internal static class TestHosts
{
    /// <summary>A host wired exactly like a service (AddServiceDefaults, in-memory bus, LiteDB), with the counting consumer.</summary>
    public static IHost Build(string dataDirectory, IDictionary<string, string?> settings, EffectLog log,
        CountingBehaviour? behaviour = null, Action<IServiceCollection>? configure = null, CapturedLog? captured = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>(settings)
        {
            ["FedBus:DataDirectory"] = dataDirectory,
            ["FedBus:SiteId"] = "site-test",
        });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        if (captured is not null) builder.Logging.AddProvider(captured);
        builder.Services.AddSingleton(log);
        builder.Services.AddSingleton(behaviour ?? new CountingBehaviour());
        builder.Services.AddFedBusConsumer<CountingStudyConsumer>();
        configure?.Invoke(builder.Services);
        builder.AddServiceDefaults("counting");
        return builder.Build();
    }

    public static Dictionary<string, string?> InMemory(params (string Key, string Value)[] more)
    {
        var settings = new Dictionary<string, string?> { ["FedBus:Bus:Transport"] = "InMemory" };
        foreach (var (key, value) in more) settings[key] = value;
        return settings;
    }

    public static StudyReceived Study(Guid id) =>
        new(id, DateTimeOffset.UtcNow, "site-test", "1.2.3.4", "ACC1", "PACS",
            [new ReceivedSeries("1.2.3.4.5", "MR", "HEAD", "T1", [new ReceivedInstance("1.2.3.4.5.6", "1.2.840.10008.5.1.4.1.1.4", "1.2.840.10008.1.2.1", new string('a', 64), 1000, 128, 128, 1, 1)])]);
}
