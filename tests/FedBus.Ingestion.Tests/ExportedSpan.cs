namespace FedBus.Ingestion.Tests;

public sealed record ExportedSpan(string Source, string Name, IReadOnlyList<(string Key, string Value)> Tags, IReadOnlyList<(string Key, string Value)> Baggage)
{
    /// <summary>Everything an exporter would send about the span, as one text to search.</summary>
    public string Text => string.Join(" ", [Source, Name, .. Tags.Select(t => $"{t.Key}={t.Value}"), .. Baggage.Select(b => $"{b.Key}={b.Value}")]);
}
