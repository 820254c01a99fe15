namespace FedBus.Aggregation.Tests.Service.Support;

/// <summary>A body sent without Content-Length (chunked), so only the server's count while reading can enforce a size limit.</summary>
public sealed class UnknownLengthContent(byte[] bytes) : HttpContent
{
    protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) => stream.WriteAsync(bytes).AsTask();

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}
