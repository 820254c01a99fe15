using System.Diagnostics;
using System.Globalization;
using FedBus.Contracts;
using FedBus.ServiceDefaults.Messaging.Outbox;
using FedBus.ServiceDefaults.Storage;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace FedBus.BusProbe;

/// <summary>
/// The "latency" role: one message at a time, the time from the sender's call to the consumer being done, for
/// (a) the reference, IBus.Publish to a plain consumer; (b) IBus.Publish to an IdempotentConsumer that commits its effect
/// with its inbox record; (c) a state change committed with its event through the outbox to that consumer.
/// Prints p50/p95 and the ratios to the reference.
/// </summary>
public static class ProbeLatency
{
    public static async Task RunAsync(IServiceProvider services, int count)
    {
        var bus = services.GetRequiredService<IBus>();
        var outbox = services.GetRequiredService<TransactionalOutbox>();
        var states = services.GetRequiredService<IDocumentStore>().Collection<ProbeState>("latency_states");
        var latency = services.GetRequiredService<LatencyLog>();

        var plain = await MeasureAsync(count, latency, id => bus.Publish(new LatencyPing(id)));
        var inboxed = await MeasureAsync(count, latency, id => bus.Publish(Study(id, "outbox")));
        var outboxed = await MeasureAsync(count, latency, id => outbox.CommitAsync(outbox.Begin()
            .Insert(states, id.ToString("N"), new ProbeState(id, "announced", Environment.ProcessId))
            .Publish(Study(id, "outbox"))));

        ProbeOutput.Line($"LATENCY plain   p50={Ms(plain, 0.50)} ms p95={Ms(plain, 0.95)} ms (IBus.Publish -> consumer, no store)");
        ProbeOutput.Line($"LATENCY inbox   p50={Ms(inboxed, 0.50)} ms p95={Ms(inboxed, 0.95)} ms ratio {Ratio(inboxed, plain, 0.50)} / {Ratio(inboxed, plain, 0.95)} (IBus.Publish -> IdempotentConsumer committed)");
        ProbeOutput.Line($"LATENCY outbox  p50={Ms(outboxed, 0.50)} ms p95={Ms(outboxed, 0.95)} ms ratio {Ratio(outboxed, plain, 0.50)} / {Ratio(outboxed, plain, 0.95)} (commit with outbox -> IdempotentConsumer committed)");
        ProbeOutput.Line($"LATENCY {count} messages each, one at a time, same run; ratios are p50 / p95 against plain");
    }

    private static async Task<double[]> MeasureAsync(int count, LatencyLog latency, Func<Guid, Task> send)
    {
        var samples = new double[count];
        for (var i = -10; i < count; i++)
        {
            var id = Guid.NewGuid();
            var done = latency.Expect(id);
            var start = Stopwatch.GetTimestamp();
            await send(id);
            var end = await done.WaitAsync(TimeSpan.FromSeconds(30));
            if (i >= 0) samples[i] = Stopwatch.GetElapsedTime(start, end).TotalMilliseconds; // the first 10 warm up
        }
        Array.Sort(samples);
        return samples;
    }

    private static StudyReceived Study(Guid id, string path) =>
        new(id, DateTimeOffset.UtcNow, "site-probe", "1.2.826.0.1.3680043.10.7", path, "PROBE", []);

    private static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    private static string Ms(double[] sorted, double p) => Percentile(sorted, p).ToString("0.0", CultureInfo.InvariantCulture);

    private static string Ratio(double[] a, double[] b, double p) => (Percentile(a, p) / Percentile(b, p)).ToString("0.00", CultureInfo.InvariantCulture);
}
