namespace FedBus.ServiceDefaults.Tests.Storage;

public sealed record SampleDocument(
    string Name,
    int Count,
    long Big,
    double Score,
    bool Flag,
    DateTimeOffset At,
    SampleKind Kind,
    SampleInner Inner,
    IReadOnlyList<string> Tags,
    byte[] Payload,
    string? Optional)
{
    public static SampleDocument Make(string name, int count = 1, DateTimeOffset? at = null, SampleKind kind = SampleKind.Mask, string modality = "MR") =>
        new(name, count, 5_000_000_000L + count, count / 3.0, count % 2 == 0, at ?? new DateTimeOffset(2026, 11, 27, 10, 0, 0, TimeSpan.Zero),
            kind, new SampleInner(modality, count * 10), ["a", name], [1, 2, (byte)count], null);
}
