using System.Globalization;
using System.Text.Json;
using FedBus.Dicom;
using FedBus.Dicom.Imaging;
using FedBus.Dicom.Json;
using FedBus.Ingestion.Index;
using FedBus.ServiceDefaults.Blobs;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace FedBus.Ingestion.DicomWeb;

/// <summary>
/// WADO-RS (PS3.18 §10.4): instances as stored (multipart/related application/dicom), metadata (DICOM JSON), frames
/// (native pixel data) and rendered frames (PNG with window/level).
/// </summary>
public sealed class WadoRs(StudyIndex index, IBlobStore blobs)
{
    private const string Dicom = "application/dicom";
    private const string OctetStream = "application/octet-stream";

    public async Task RetrieveAsync(HttpContext context, string study, string? series, string? instance)
    {
        var instances = await FindAsync(context, study, series, instance);
        if (instances is null) return;
        if (!Accepts(context.Request, "multipart/related", Dicom, out var syntax, out var problem))
        {
            await problem.ExecuteAsync(context);
            return;
        }

        var explicitLittle = DicomTransferSyntax.ExplicitVRLittleEndian.Uid;
        if (syntax != "*" && instances.Any(i => i.TransferSyntaxUid != syntax) && syntax != explicitLittle)
        {
            await DicomWebResults.Problem(StatusCodes.Status406NotAcceptable,
                $"transfer-syntax={syntax} would need transcoding, which is offered only to {explicitLittle}; ask for transfer-syntax=* to get the stored bytes.").ExecuteAsync(context);
            return;
        }

        // Everything that needs transcoding is transcoded (to temp files, one instance in memory at a time) before the
        // first byte of the response: a failure is an error status with its reason, never a 200 cut short.
        var transcoded = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            foreach (var record in instances.Where(i => syntax != "*" && i.TransferSyntaxUid != syntax))
            {
                try
                {
                    transcoded[record.SopInstanceUid] = await TranscodeToExplicitLittleAsync(record, context.RequestAborted);
                }
                catch (Exception e) when (e is DicomException or BlobNotFoundException)
                {
                    await DicomWebResults.Problem(StatusCodes.Status406NotAcceptable,
                        $"An instance of this request cannot be transcoded to {explicitLittle} ({e.Message}); ask for transfer-syntax=* to get the stored bytes.").ExecuteAsync(context);
                    return;
                }
            }

            if (instances.FirstOrDefault(i => !transcoded.ContainsKey(i.SopInstanceUid) && !blobs.Exists(i.BlobSha256)) is { } lost)
            {
                await DicomWebResults.Problem(StatusCodes.Status500InternalServerError,
                    $"The stored bytes of instance {lost.SopInstanceUid} are missing from the blob store.").ExecuteAsync(context);
                return;
            }

            var writer = new MultipartRelatedWriter(context.Response, Dicom);
            try
            {
                foreach (var record in instances)
                {
                    var copy = transcoded.GetValueOrDefault(record.SopInstanceUid);
                    await writer.WritePartAsync(async (body, ct) =>
                    {
                        await using var file = copy is null ? blobs.OpenRead(record.BlobSha256) : OpenTemp(copy);
                        await file.CopyToAsync(body, ct);
                    }, context.RequestAborted, $"{Dicom}; transfer-syntax={(copy is null ? record.TransferSyntaxUid : explicitLittle)}");
                }
                await writer.CompleteAsync(context.RequestAborted);
            }
            catch (Exception e) when (e is IOException or BlobNotFoundException && context.Response.HasStarted)
            {
                // Too late for a status: cut the connection, so the client sees a broken transfer, not a shorter study.
                context.Abort();
            }
        }
        finally
        {
            foreach (var path in transcoded.Values) File.Delete(path);
        }
    }

    public async Task MetadataAsync(HttpContext context, string study, string? series, string? instance)
    {
        var instances = await FindAsync(context, study, series, instance);
        if (instances is null) return;
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = DicomWebResults.DicomJson;
        // Streamed instance by instance: a large study's metadata never sits in memory whole.
        await using var writer = new Utf8JsonWriter(context.Response.Body);
        try
        {
            writer.WriteStartArray();
            foreach (var record in instances)
            {
                await using (var stream = blobs.OpenRead(record.BlobSha256))
                {
                    using var file = DicomFile.Read(stream, DicomReadOptions.HeaderOnly);
                    DicomJsonWriter.Write(writer, file.Dataset);
                }
                if (writer.BytesPending > 64 * 1024) await writer.FlushAsync(context.RequestAborted);
            }
            writer.WriteEndArray();
            await writer.FlushAsync(context.RequestAborted);
        }
        catch (Exception e) when (e is IOException or BlobNotFoundException or DicomException)
        {
            context.Abort();
        }
    }

    public async Task FramesAsync(HttpContext context, string study, string series, string instance, string frameList)
    {
        var found = await FindAsync(context, study, series, instance);
        if (found is null) return;
        if (!Accepts(context.Request, "multipart/related", OctetStream, out _, out var problem))
        {
            await problem.ExecuteAsync(context);
            return;
        }
        var (pixels, file, frames) = await LoadFramesAsync(context, found[0], frameList);
        if (pixels is null) return;
        using (file)
        {
            var writer = new MultipartRelatedWriter(context.Response, OctetStream);
            foreach (var frame in frames)
            {
                var decoded = pixels.GetFrame(frame - 1);
                await writer.WritePartAsync((body, ct) => body.WriteAsync(decoded.Bytes, ct).AsTask(), context.RequestAborted);
            }
            await writer.CompleteAsync(context.RequestAborted);
        }
    }

    public async Task RenderedAsync(HttpContext context, string study, string series, string instance, string? frameText)
    {
        var found = await FindAsync(context, study, series, instance);
        if (found is null) return;
        if (!AcceptsImage(context.Request))
        {
            await DicomWebResults.Problem(StatusCodes.Status406NotAcceptable, "Rendered frames are offered as image/png only.").ExecuteAsync(context);
            return;
        }
        WindowLevel? window = null;
        if (context.Request.Query.TryGetValue("window", out var windowText) && !TryParseWindow(windowText.ToString(), out window))
        {
            await DicomWebResults.Problem(StatusCodes.Status400BadRequest, $"window={windowText} is not 'center,width[,linear]'.").ExecuteAsync(context);
            return;
        }
        var (pixels, file, frames) = await LoadFramesAsync(context, found[0], frameText ?? "1");
        if (pixels is null) return;
        using (file)
        {
            byte[] png;
            try
            {
                png = DicomImageRenderer.RenderPng(pixels, frames[0] - 1, window);
            }
            catch (DicomException e)
            {
                await DicomWebResults.Problem(StatusCodes.Status422UnprocessableEntity, $"The frame cannot be rendered: {e.Message}").ExecuteAsync(context);
                return;
            }
            context.Response.ContentType = "image/png";
            await context.Response.Body.WriteAsync(png, context.RequestAborted);
        }
    }

    private async Task<(DicomPixelData? Pixels, DicomFile? File, int[] Frames)> LoadFramesAsync(HttpContext context, InstanceRecord record, string frameList)
    {
        var numbers = frameList.Split(',', StringSplitOptions.TrimEntries);
        var frames = new int[numbers.Length];
        for (var i = 0; i < numbers.Length; i++)
        {
            if (!int.TryParse(numbers[i], NumberStyles.None, CultureInfo.InvariantCulture, out frames[i]) || frames[i] < 1 || frames[i] > Math.Max(1, record.NumberOfFrames))
            {
                await DicomWebResults.Problem(StatusCodes.Status400BadRequest,
                    $"Frame '{numbers[i]}' is not a frame number from 1 to {Math.Max(1, record.NumberOfFrames)}.").ExecuteAsync(context);
                return (null, null, []);
            }
        }
        var bytes = await blobs.ReadAllBytesAsync(record.BlobSha256, context.RequestAborted);
        var file = DicomFile.Parse(bytes);
        try
        {
            return (DicomPixelData.FromFile(file), file, frames);
        }
        catch (DicomException e)
        {
            file.Dispose();
            await DicomWebResults.Problem(StatusCodes.Status422UnprocessableEntity, $"The instance has no usable pixel data: {e.Message}").ExecuteAsync(context);
            return (null, null, []);
        }
    }

    /// <summary>The instance decompressed and written in explicit VR little endian to a temp file (deleted by the caller).</summary>
    private async Task<string> TranscodeToExplicitLittleAsync(InstanceRecord record, CancellationToken cancellationToken)
    {
        var path = Path.Combine(Path.GetTempPath(), $"fedbus-wado-{Guid.NewGuid():N}.dcm");
        await using (var stream = blobs.OpenRead(record.BlobSha256))
        {
            using var file = DicomFile.Read(stream);
            var native = DicomPixelData.Decompress(file.Dataset, file.TransferSyntax);
            using var output = new DicomFile(native, DicomTransferSyntax.ExplicitVRLittleEndian, file.Meta.SourceApplicationEntityTitle);
            cancellationToken.ThrowIfCancellationRequested();
            output.Save(path);
        }
        return path;
    }

    private static FileStream OpenTemp(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan);

    /// <summary>The matching instances, or null after answering 404 / 400.</summary>
    private async Task<IReadOnlyList<InstanceRecord>?> FindAsync(HttpContext context, string study, string? series, string? instance)
    {
        var cancellationToken = context.RequestAborted;
        IReadOnlyList<InstanceRecord> found;
        if (instance is not null)
        {
            var one = await index.Instances.GetAsync(instance, cancellationToken);
            found = one is not null && one.Document.StudyInstanceUid == study && (series is null || one.Document.SeriesInstanceUid == series)
                ? [one.Document]
                : [];
        }
        else if (series is not null)
        {
            found = (await index.InstancesOfSeriesAsync(series, cancellationToken)).Select(s => s.Document).Where(i => i.StudyInstanceUid == study).ToList();
        }
        else
        {
            found = (await index.InstancesOfStudyAsync(study, cancellationToken)).Select(s => s.Document).ToList();
        }

        if (found.Count == 0)
        {
            var what = instance is not null ? $"instance {instance}" : series is not null ? $"series {series}" : $"study {study}";
            await DicomWebResults.Problem(StatusCodes.Status404NotFound, $"No {what} here (study {study}).").ExecuteAsync(context);
            return null;
        }
        return found.OrderBy(i => i.SeriesInstanceUid, StringComparer.Ordinal).ThenBy(i => i.InstanceNumber ?? int.MaxValue).ThenBy(i => i.SopInstanceUid, StringComparer.Ordinal).ToList();
    }

    /// <summary>Checks Accept for multipart/related with the right part type; reads its transfer-syntax (default: explicit VR little endian).</summary>
    private static bool Accepts(HttpRequest request, string mediaType, string partType, out string transferSyntax, out IResult problem)
    {
        transferSyntax = partType == Dicom ? DicomTransferSyntax.ExplicitVRLittleEndian.Uid : "*";
        problem = Results.Empty;
        var accept = request.Headers.Accept;
        if (StringValues.IsNullOrEmpty(accept)) return true;
        foreach (var value in MediaTypeHeaderValue.ParseList(accept))
        {
            if (value.MediaType.Equals("*/*", StringComparison.Ordinal)) return true;
            if (!value.MediaType.Equals(mediaType, StringComparison.OrdinalIgnoreCase)) continue;
            var type = HeaderUtilities.RemoveQuotes(value.Parameters.FirstOrDefault(p => p.Name.Equals("type", StringComparison.OrdinalIgnoreCase))?.Value ?? default).Value;
            if (type is not null && !type.Equals(partType, StringComparison.OrdinalIgnoreCase)) continue;
            var syntax = HeaderUtilities.RemoveQuotes(value.Parameters.FirstOrDefault(p => p.Name.Equals("transfer-syntax", StringComparison.OrdinalIgnoreCase))?.Value ?? default).Value;
            if (syntax is not null) transferSyntax = syntax;
            return true;
        }
        problem = DicomWebResults.Problem(StatusCodes.Status406NotAcceptable,
            $"This resource is offered as {mediaType}; type=\"{partType}\" (Accept was '{accept}').");
        return false;
    }

    private static bool AcceptsImage(HttpRequest request)
    {
        var accept = request.Headers.Accept;
        return StringValues.IsNullOrEmpty(accept) || MediaTypeHeaderValue.ParseList(accept)
            .Any(v => v.MediaType.Value is "*/*" or "image/*" or "image/png");
    }

    private static bool TryParseWindow(string text, out WindowLevel? window)
    {
        window = null;
        var parts = text.Split(',');
        if (parts.Length is < 2 or > 3 ||
            !double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var center) ||
            !double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var width) || width <= 0 ||
            (parts.Length == 3 && !parts[2].Equals("linear", StringComparison.OrdinalIgnoreCase)))
            return false;
        window = new WindowLevel(center, width);
        return true;
    }
}
