namespace FedBus.Aggregation.Rounds;

/// <summary>A round that cannot start, with a stable <see cref="Code"/> (HTTP: 400 for bad settings, 404 unknown model, 409 otherwise).</summary>
public sealed class RoundRefusedException(string code, string message, int status = 409) : Exception(message)
{
    public string Code { get; } = code;

    public int Status { get; } = status;
}
