using FedBus.Contracts;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace FedBus.BusProbe;

public static class ProbePublisher
{
    public static async Task PublishAsync(IServiceProvider services, int count, Guid first)
    {
        var bus = services.GetRequiredService<IBus>();
        var bytes = first.ToByteArray();
        for (var i = 0; i < count; i++)
        {
            // Consecutive ids from the first, so the test knows every id in advance.
            BitConverter.GetBytes(BitConverter.ToInt32(bytes, 0) + i).CopyTo(bytes, 0);
            var id = new Guid(bytes);
            await bus.Publish(new StudyReceived(id, DateTimeOffset.UtcNow, "site-probe", $"1.2.826.0.1.3680043.10.1{i}", null, "PROBE", []));
            ProbeOutput.Line($"PUBLISHED {id}");
        }
    }
}
