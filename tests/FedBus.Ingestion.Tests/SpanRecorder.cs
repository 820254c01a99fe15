using System.Collections.Concurrent;
using System.Diagnostics;
using OpenTelemetry;

namespace FedBus.Ingestion.Tests;

/// <summary>An exporter that keeps what would leave the site by OTLP: each span's name and tags, as exported.</summary>
public sealed class SpanRecorder : BaseExporter<Activity>
{
    private readonly ConcurrentQueue<ExportedSpan> _spans = new();

    public IReadOnlyList<ExportedSpan> Spans => [.. _spans];

    public override ExportResult Export(in Batch<Activity> batch)
    {
        foreach (var activity in batch)
            _spans.Enqueue(new ExportedSpan(activity.Source.Name, activity.DisplayName,
                [
                    .. activity.TagObjects.Select(t => (t.Key, Text(t.Value))),
                    .. activity.Events.SelectMany(e => e.Tags.Select(t => ($"event.{e.Name}.{t.Key}", Text(t.Value)))),
                ],
                [.. activity.Baggage.Select(b => (b.Key, b.Value ?? ""))]));
        return ExportResult.Success;
    }

    private static string Text(object? value) => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "";
}
