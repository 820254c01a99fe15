using FedBus.Dicom;
using FedBus.Dicom.Json;
using FedBus.Ingestion.Storing;
using FedBus.ServiceDefaults.Privacy;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace FedBus.Ingestion.DicomWeb;

/// <summary>
/// STOW-RS (PS3.18 §10.5): a multipart/related body of application/dicom parts. Each part is spooled to the incoming
/// folder as it streams in (a request holds one small buffer in memory, whatever its size), checked from that file and
/// stored as it came; the response, sent once every part is indexed and durable, lists what was stored and what failed,
/// with the DICOM failure reason. 200 all stored, 202 some failed, 409 none stored.
/// </summary>
public sealed class StowRs(InstanceIngestor ingestor, IncomingFolder incoming, IngestionOptions options, FedBus.ServiceDefaults.Blobs.IBlobStore blobs, IdentifierHasher hasher, ILogger<StowRs> logger)
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
        // The body's limit (MaxStowRequestBytes) is the route's, held by ServiceDefaults' RequestLimitMiddleware.

        var stored = new List<DicomDataset>();
        var failed = new List<DicomDataset>();
        var baseUrl = DicomWebResults.BaseUrl(request);
        var reader = new MultipartReader(boundary, request.Body) { BodyLengthLimit = null };
        var unit = new IngestUnit(null, $"STOW-RS {request.HttpContext.Connection.RemoteIpAddress}");
        var pending = new List<(int Part, Task<IngestOutcome> Outcome)>();
        var parts = 0;
        var brokenOff = false;
        try
        {
            MultipartSection? section;
            while ((section = await reader.ReadNextSectionAsync(cancellationToken)) is not null)
            {
                parts++;
                pending.Add((parts, await StorePartAsync(section, studyInstanceUid, unit, cancellationToken)));
            }
        }
        catch (Exception e) when (e is IOException or InvalidDataException or BadHttpRequestException)
        {
            brokenOff = true;
            logger.StowBodyBroken(parts, hasher.Redact(e));
        }

        if (parts == 0)
            return DicomWebResults.Problem(StatusCodes.Status400BadRequest, brokenOff ? "The multipart body cannot be read." : "The multipart body holds no parts.");

        await ingestor.WhenCommittedAsync(unit, cancellationToken);
        foreach (var (part, outcomeTask) in pending)
        {
            var outcome = await outcomeTask;
            if (outcome.Succeeded && outcome.Instance is { } instance)
            {
                stored.Add(new DicomDataset()
                    .AddOrUpdate(DicomTag.ReferencedSOPClassUID, instance.SopClassUid)
                    .AddOrUpdate(DicomTag.ReferencedSOPInstanceUID, instance.SopInstanceUid)
                    .AddOrUpdate(DicomTag.RetrieveURL, $"{baseUrl}/studies/{instance.StudyInstanceUid}/series/{instance.SeriesInstanceUid}/instances/{instance.SopInstanceUid}"));
            }
            else
            {
                failed.Add(new DicomDataset().AddOrUpdate<ushort>(DicomTag.FailureReason, (ushort)outcome.Status));
                logger.StowPartFailed(part, (ushort)outcome.Status, hasher.RedactUids(outcome.Reason ?? ""));
            }
        }
        // Parts before the damage are stored; the damaged remainder is reported as one failure.
        if (brokenOff) failed.Add(new DicomDataset().AddOrUpdate<ushort>(DicomTag.FailureReason, (ushort)IngestStatus.CannotUnderstand));

        // Durable before we say so: one sync for the whole request.
        if (stored.Count > 0) blobs.FlushToDisk();
        var response = new DicomDataset();
        if (studyInstanceUid is not null) response.AddOrUpdate(DicomTag.RetrieveURL, $"{baseUrl}/studies/{studyInstanceUid}");
        if (failed.Count > 0) response.Add(new DicomSequence(DicomTag.FailedSOPSequence, failed));
        if (stored.Count > 0) response.Add(new DicomSequence(DicomTag.ReferencedSOPSequence, stored));
        var status = failed.Count == 0 ? StatusCodes.Status200OK : stored.Count == 0 ? StatusCodes.Status409Conflict : StatusCodes.Status202Accepted;
        return DicomWebResults.Json(SingleObject(response), status);
    }

    /// <summary>Spools one part to disk with a bounded buffer, then checks and stages it; the task completes when it is indexed.</summary>
    private async Task<Task<IngestOutcome>> StorePartAsync(MultipartSection section, string? studyInstanceUid, IngestUnit unit, CancellationToken cancellationToken)
    {
        if (section.ContentType is { } partType && !partType.StartsWith("application/dicom", StringComparison.OrdinalIgnoreCase))
        {
            await section.Body.CopyToAsync(Stream.Null, cancellationToken);
            return Task.FromResult(IngestOutcome.Rejected(IngestStatus.CannotUnderstand, $"part Content-Type is {partType}, not application/dicom"));
        }

        var spool = incoming.NewSpoolPath();
        try
        {
            await using (var file = new FileStream(spool, FileMode.CreateNew, FileAccess.Write, FileShare.None, 0, FileOptions.Asynchronous))
            {
                var chunk = System.Buffers.ArrayPool<byte>.Shared.Rent(SpoolBufferSize);
                try
                {
                    long length = 0;
                    int read;
                    while ((read = await section.Body.ReadAsync(chunk.AsMemory(0, SpoolBufferSize), cancellationToken)) > 0)
                    {
                        length += read;
                        if (length > options.MaxObjectSize)
                        {
                            await section.Body.CopyToAsync(Stream.Null, cancellationToken);
                            IncomingFolder.Delete(spool);
                            return Task.FromResult(IngestOutcome.Rejected(IngestStatus.TooLarge, $"the part exceeds the {options.MaxObjectSize}-byte object limit"));
                        }
                        await file.WriteAsync(chunk.AsMemory(0, read), cancellationToken);
                    }
                }
                finally
                {
                    System.Buffers.ArrayPool<byte>.Shared.Return(chunk);
                }
            }
            return await ingestor.IngestPart10Async(spool, unit.CallingAeTitle, studyInstanceUid, unit, cancellationToken);
        }
        catch
        {
            IncomingFolder.Delete(spool);
            throw;
        }
    }

    private const int SpoolBufferSize = 64 * 1024;

    private static byte[] SingleObject(DicomDataset dataset)
    {
        var buffer = new MemoryStream();
        using (var writer = new System.Text.Json.Utf8JsonWriter(buffer)) DicomJsonWriter.Write(writer, dataset);
        return buffer.ToArray();
    }
}
