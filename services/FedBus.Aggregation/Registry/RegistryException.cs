namespace FedBus.Aggregation.Registry;

/// <summary>A registry request that cannot be carried out: HTTP status, a stable code, the reason, and for a mismatched weight file the differences.</summary>
public sealed class RegistryException(int status, string code, string message, IReadOnlyList<string>? differences = null) : Exception(message)
{
    public int Status { get; } = status;

    public string Code { get; } = code;

    public IReadOnlyList<string>? Differences { get; } = differences;
}
