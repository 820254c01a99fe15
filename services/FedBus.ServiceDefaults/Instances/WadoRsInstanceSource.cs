using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace FedBus.ServiceDefaults.Instances;

/// <summary>
/// Instances from ingestion's WADO-RS (PS3.18 §10.4): <c>GET {root}studies/{s}/series/{se}/instances/{i}</c> under the DICOMweb root
/// asking for the stored bytes (<c>multipart/related; type="application/dicom"; transfer-syntax=*</c>). The returned
/// stream reads the single part's body from the response as it arrives and closes the response when disposed.
/// </summary>
public sealed class WadoRsInstanceSource(HttpClient http) : IInstanceSource
{
    private const string Dicom = "application/dicom";

    public string Name => "wado-rs";

    public async Task<Stream> OpenAsync(InstanceLocation instance, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instance);
        var path = $"studies/{Uri.EscapeDataString(instance.StudyInstanceUid)}/series/{Uri.EscapeDataString(instance.SeriesInstanceUid)}" +
                   $"/instances/{Uri.EscapeDataString(instance.SopInstanceUid)}";
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.Add(System.Net.Http.Headers.MediaTypeWithQualityHeaderValue.Parse($"multipart/related; type=\"{Dicom}\"; transfer-syntax=*"));
        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        try
        {
            if (response.StatusCode == HttpStatusCode.NotFound)
                throw new InstanceNotFoundException(instance, Name, $"WADO-RS answered 404 {await ReadReasonAsync(response, cancellationToken)}");
            if ((int)response.StatusCode is >= 400 and < 500)
                throw new InvalidDataException($"WADO-RS refused the retrieve with {(int)response.StatusCode}: {await ReadReasonAsync(response, cancellationToken)}");
            response.EnsureSuccessStatusCode();

            var contentType = response.Content.Headers.ContentType?.ToString() ?? "";
            if (!Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var mediaType) ||
                !mediaType.MediaType.Equals("multipart/related", StringComparison.OrdinalIgnoreCase))
                throw new InvalidDataException($"WADO-RS answered '{contentType}', not multipart/related.");
            var boundary = HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value;
            if (string.IsNullOrEmpty(boundary)) throw new InvalidDataException("WADO-RS answered multipart/related without a boundary.");

            var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            var reader = new MultipartReader(boundary, body);
            var section = await reader.ReadNextSectionAsync(cancellationToken)
                ?? throw new InstanceNotFoundException(instance, Name, "WADO-RS answered with no parts");
            if (section.ContentType is { } partType && !partType.StartsWith(Dicom, StringComparison.OrdinalIgnoreCase))
                throw new InvalidDataException($"WADO-RS sent a '{partType}' part, not {Dicom}.");
            return new ResponseOwningStream(section.Body, response);
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    private static async Task<string> ReadReasonAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        return text.Length > 300 ? text[..300] : text;
    }

    /// <summary>Reads one multipart section; disposing it releases the HTTP response under it.</summary>
    private sealed class ResponseOwningStream(Stream inner, HttpResponseMessage response) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            inner.ReadAsync(buffer, offset, count, cancellationToken);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            inner.ReadAsync(buffer, cancellationToken);

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
                response.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}
