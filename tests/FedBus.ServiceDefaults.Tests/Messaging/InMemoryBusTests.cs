using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace FedBus.ServiceDefaults.Tests.Messaging;

public sealed class InMemoryBusTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("fedbus-inmemory-").FullName;

    [Fact]
    public async Task An_event_published_on_the_in_memory_bus_reaches_its_consumer()
    {
        var log = new EffectLog();
        using var host = TestHosts.Build(_data, new Dictionary<string, string?> { ["FedBus:Bus:Transport"] = "InMemory" }, log);
        await host.StartAsync();
        var id = Guid.NewGuid();
        await host.Services.GetRequiredService<IBus>().Publish(TestHosts.Study(id));
        await log.WaitForAsync(l => l.Applied.Contains(id), TimeSpan.FromSeconds(20));
        await host.StopAsync();
        Assert.Equal([id], log.Applied);
    }

    [Fact]
    public async Task The_same_message_delivered_twice_is_applied_once()
    {
        var log = new EffectLog();
        using var host = TestHosts.Build(_data, new Dictionary<string, string?> { ["FedBus:Bus:Transport"] = "InMemory" }, log);
        await host.StartAsync();
        var bus = host.Services.GetRequiredService<IBus>();
        var id = Guid.NewGuid();
        var message = TestHosts.Study(id);
        await bus.Publish(message);
        await log.WaitForAsync(l => l.Applied.Count == 1, TimeSpan.FromSeconds(20));
        await bus.Publish(message);
        await log.WaitForAsync(l => l.Skipped.Count == 1, TimeSpan.FromSeconds(20));
        await host.StopAsync();
        Assert.Equal([id], log.Applied);
        Assert.Equal([id], log.Skipped);
    }

    public void Dispose() => Directory.Delete(_data, recursive: true);
}
