using System.Net;

namespace FedBus.Testing;

/// <summary>A body sent without a Content-Length (chunked): the server learns its size only by reading it.</summary>
public sealed class ChunkedContent(byte[] bytes) : HttpContent
{
    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => stream.WriteAsync(bytes).AsTask();

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}
