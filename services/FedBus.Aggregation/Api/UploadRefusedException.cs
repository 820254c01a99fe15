namespace FedBus.Aggregation.Api;

/// <summary>A weight upload refused while it streamed in (too large, empty, another digest).</summary>
internal sealed class UploadRefusedException(int status, string code, string message) : Exception(message)
{
    public int Status { get; } = status;

    public string Code { get; } = code;
}
