using System.Net;

namespace FedBus.Testing;

/// <summary>
/// A body of <paramref name="length"/> zero bytes, written as it is sent (no buffer of that size); with
/// <paramref name="declareLength"/> false it goes chunked, so the server learns its size only by reading it.
/// </summary>
public sealed class ZeroContent(long length, bool declareLength = true, string mediaType = "application/octet-stream") : HttpContent
{
    public long Length { get; } = length;

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        var chunk = new byte[64 * 1024];
        for (long left = Length; left > 0; left -= chunk.Length)
            await stream.WriteAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, left)));
    }

    protected override bool TryComputeLength(out long length)
    {
        length = Length;
        return declareLength;
    }

    // Set here, not in a field initialiser: Headers is the base's.
    public ZeroContent WithType()
    {
        Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(mediaType);
        return this;
    }
}
