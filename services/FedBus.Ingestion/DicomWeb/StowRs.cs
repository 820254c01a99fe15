using FedBus.Dicom;
using FedBus.Dicom.Json;
using FedBus.Ingestion.Storing;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace FedBus.Ingestion.DicomWeb;

/// <summary>
/// STOW-RS (PS3.18 §10.5): a multipart/related body of application/dicom parts. Each part is stored as it came; the
/// response lists what was stored and what failed, with the DICOM failure reason. 200 all stored, 202 some failed,
/// 409 none stored.
/// </summary>
public sealed class StowRs(InstanceIngestor ingestor, IngestionOptions options, FedBus.ServiceDefaults.Blobs.IBlobStore blobs, ILogger<StowRs> logger)
{
    public async Task<IResult> StoreAsync(HttpContext context, string? studyInstanceUid)
    {
        var request = context.Request;
        var cancellationToken = context.RequestAborted;
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType) ||
            !contentType.MediaType.Equals("multipart/related", StringComparison.OrdinalIgnoreCase))
            return DicomWebResults.Problem(StatusCodes.Status415UnsupportedMediaType,
                $"STOW-RS takes multipart/related; type=\"application/dicom\" (got '{request.ContentType ?? "no Content-Type"}').");
        var type = HeaderUtilities.RemoveQuotes(contentType.Parameters.FirstOrDefault(p => p.Name.Equals("type", StringComparison.OrdinalIgnoreCase))?.Value ?? default).Value;
        if (type is not null && !type.Equals("application/dicom", StringComparison.OrdinalIgnoreCase))
            return DicomWebResults.Problem(StatusCodes.Status415UnsupportedMediaType,
                $"Only application/dicom parts are accepted (got type=\"{type}\"); the JSON/XML metadata + bulk data form is not supported.");
        var boundary = HeaderUtilities.RemoveQuotes(contentType.Boundary).Value;
        if (string.IsNullOrEmpty(boundary))
            return DicomWebResults.Problem(StatusCodes.Status400BadRequest, "The multipart/related Content-Type has no boundary parameter.");
        if (request.ContentLength > options.MaxStowRequestBytes)
            return DicomWebResults.Problem(StatusCodes.Status413PayloadTooLarge, $"The request is {request.ContentLength} bytes; the limit is {options.MaxStowRequestBytes}.");
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            limit.MaxRequestBodySize = options.MaxStowRequestBytes;

        var stored = new List<DicomDataset>();
        var failed = new List<DicomDataset>();
        var baseUrl = DicomWebResults.BaseUrl(request);
        var reader = new MultipartReader(boundary, request.Body) { BodyLengthLimit = null };
        var parts = 0;
        try
        {
            MultipartSection? section;
            while ((section = await reader.ReadNextSectionAsync(cancellationToken)) is not null)
            {
                parts++;
                var outcome = await StorePartAsync(section, studyInstanceUid, request.HttpContext.Connection.RemoteIpAddress?.ToString(), cancellationToken);
                if (outcome.Succeeded && outcome.Instance is { } instance)
                {
                    var item = new DicomDataset()
                        .AddOrUpdate(DicomTag.ReferencedSOPClassUID, instance.SopClassUid)
                        .AddOrUpdate(DicomTag.ReferencedSOPInstanceUID, instance.SopInstanceUid)
                        .AddOrUpdate(DicomTag.RetrieveURL, $"{baseUrl}/studies/{instance.StudyInstanceUid}/series/{instance.SeriesInstanceUid}/instances/{instance.SopInstanceUid}");
                    stored.Add(item);
                }
                else
                {
                    failed.Add(new DicomDataset().AddOrUpdate<ushort>(DicomTag.FailureReason, (ushort)outcome.Status));
                    logger.LogWarning("STOW-RS part {Part} failed ({Status:X4}): {Reason}", parts, (ushort)outcome.Status, outcome.Reason);
                }
            }
        }
        catch (Exception e) when (e is IOException or InvalidDataException or BadHttpRequestException)
        {
            if (parts == 0)
                return DicomWebResults.Problem(StatusCodes.Status400BadRequest, $"The multipart body cannot be read: {e.Message}");
            // Parts before the damage are stored; the damaged remainder is reported as one failure.
            failed.Add(new DicomDataset().AddOrUpdate<ushort>(DicomTag.FailureReason, (ushort)IngestStatus.CannotUnderstand));
            logger.LogWarning(e, "STOW-RS body broke off after {Parts} parts", parts);
        }

        if (parts == 0)
            return DicomWebResults.Problem(StatusCodes.Status400BadRequest, "The multipart body holds no parts.");

        // Durable before we say so: one sync for the whole request.
        if (stored.Count > 0) blobs.FlushToDisk();
        var response = new DicomDataset();
        if (studyInstanceUid is not null) response.AddOrUpdate(DicomTag.RetrieveURL, $"{baseUrl}/studies/{studyInstanceUid}");
        if (failed.Count > 0) response.Add(new DicomSequence(DicomTag.FailedSOPSequence, failed));
        if (stored.Count > 0) response.Add(new DicomSequence(DicomTag.ReferencedSOPSequence, stored));
        var status = failed.Count == 0 ? StatusCodes.Status200OK : stored.Count == 0 ? StatusCodes.Status409Conflict : StatusCodes.Status202Accepted;
        return DicomWebResults.Json(SingleObject(response), status);
    }

    private async Task<IngestOutcome> StorePartAsync(MultipartSection section, string? studyInstanceUid, string? remote, CancellationToken cancellationToken)
    {
        if (section.ContentType is { } partType && !partType.StartsWith("application/dicom", StringComparison.OrdinalIgnoreCase))
        {
            await section.Body.CopyToAsync(Stream.Null, cancellationToken);
            return IngestOutcome.Rejected(IngestStatus.CannotUnderstand, $"part Content-Type is {partType}, not application/dicom");
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await section.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > Math.Min(options.MaxObjectSize, Array.MaxLength))
            {
                await section.Body.CopyToAsync(Stream.Null, cancellationToken);
                return IngestOutcome.Rejected(IngestStatus.TooLarge, $"the part exceeds the {options.MaxObjectSize}-byte object limit");
            }
            buffer.Write(chunk, 0, read);
        }
        return await ingestor.IngestPart10Async(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), $"STOW-RS {remote}", studyInstanceUid, cancellationToken);
    }

    private static byte[] SingleObject(DicomDataset dataset)
    {
        var buffer = new MemoryStream();
        using (var writer = new System.Text.Json.Utf8JsonWriter(buffer)) DicomJsonWriter.Write(writer, dataset);
        return buffer.ToArray();
    }
}
