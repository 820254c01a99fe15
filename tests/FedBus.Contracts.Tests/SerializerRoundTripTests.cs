using System.Text.Json;
using MassTransit;
using MassTransit.Context;
using MassTransit.Serialization;

namespace FedBus.Contracts.Tests;

/// <summary>Every contract survives MassTransit's own envelope serializer, field for field.</summary>
public sealed class SerializerRoundTripTests
{
    public static TheoryData<string> MessageTypeNames() => new(SampleMessages.AllMessageTypes().Select(t => t.Name));

    [Theory]
    [MemberData(nameof(MessageTypeNames))]
    public void Every_contract_round_trips_through_the_MassTransit_serializer(string name)
    {
        var type = SampleMessages.AllMessageTypes().Single(t => t.Name == name);
        var original = SampleMessages.Create(type);
        var roundTrip = typeof(SerializerRoundTripTests).GetMethod(nameof(RoundTrip), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
            .MakeGenericMethod(type).Invoke(null, [original])!;

        Assert.NotSame(original, roundTrip);
        Assert.Equal(Canonical(original), Canonical(roundTrip));
    }

    private static T RoundTrip<T>(T message) where T : class
    {
        var serializer = new SystemTextJsonMessageSerializer();
        var send = new MessageSendContext<T>(message);
        var body = serializer.GetMessageBody(send);
        var json = body.GetString();
        Assert.Contains($"urn:message:FedBus.Contracts:{typeof(T).Name}", json, StringComparison.Ordinal);

        var context = serializer.Deserialize(body, send.Headers);
        Assert.True(context.TryGetMessage<T>(out var received), $"{typeof(T).Name} did not deserialize");
        return received!;
    }

    private static string Canonical(object value) => JsonSerializer.Serialize(value, value.GetType());
}
