namespace FedBus.LogAudit.Tests;

public sealed record CapturedLog(string Name, IReadOnlyList<string> Lines);
