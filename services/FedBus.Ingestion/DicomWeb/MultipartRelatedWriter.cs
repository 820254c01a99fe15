using System.Text;

namespace FedBus.Ingestion.DicomWeb;

/// <summary>Streams a multipart/related response (RFC 2387), one part at a time, as WADO-RS answers.</summary>
internal sealed class MultipartRelatedWriter(HttpResponse response, string partType)
{
    private readonly string _boundary = "fedbus-" + Guid.NewGuid().ToString("N");
    private bool _started;

    public async Task WritePartAsync(Func<Stream, CancellationToken, Task> writeBody, CancellationToken cancellationToken, string? contentType = null)
    {
        if (!_started)
        {
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = $"multipart/related; type=\"{partType}\"; boundary={_boundary}";
            _started = true;
        }
        await WriteAsciiAsync($"--{_boundary}\r\nContent-Type: {contentType ?? partType}\r\n\r\n", cancellationToken);
        await writeBody(response.Body, cancellationToken);
        await WriteAsciiAsync("\r\n", cancellationToken);
    }

    public Task CompleteAsync(CancellationToken cancellationToken) => WriteAsciiAsync($"--{_boundary}--\r\n", cancellationToken);

    private async Task WriteAsciiAsync(string text, CancellationToken cancellationToken) =>
        await response.Body.WriteAsync(Encoding.ASCII.GetBytes(text), cancellationToken);
}
