using FedBus.Dicom;
using FedBus.Dicom.Network;
using FedBus.Ingestion.Index;
using FedBus.Ingestion.Studies;
using FedBus.ServiceDefaults.Blobs;
using FedBus.ServiceDefaults.Storage;

namespace FedBus.Ingestion.Storing;

/// <summary>
/// Stores one instance: parse its header, check it, write the bytes as they came to the blob store, index it once.
/// The blob is written before the index entry, so an instance is never indexed half-stored; an instance the index
/// already has (same SOP Instance UID) is not indexed again.
/// </summary>
public sealed class InstanceIngestor(
    StudyIndex index, IBlobStore blobs, StudyCompletion studies, IngestionOptions options, TimeProvider time, ILogger<InstanceIngestor> logger)
{
    /// <summary>A C-STORE: a bare data set in the presentation context's transfer syntax, wrapped in file meta here.</summary>
    public async Task<IngestOutcome> IngestDataSetAsync(DicomStoreRequest request, CancellationToken cancellationToken)
    {
        var syntax = DicomTransferSyntax.Lookup(request.TransferSyntaxUid);
        InstanceHeader header;
        try
        {
            header = InstanceHeader.From(await ParseWholeAsync(request.DataSet, syntax, cancellationToken));
            CheckMatches(header, request.SopClassUid, request.SopInstanceUid, "the C-STORE request");
        }
        catch (Exception e) when (e is DicomException or IngestRejectedException or EndOfStreamException)
        {
            return Reject(e, request.SopInstanceUid);
        }

        var meta = DicomFileMetaInformation.Create(request.SopClassUid, request.SopInstanceUid, syntax, request.Association.CallingAeTitle);
        var metaBytes = new MemoryStream(256);
        meta.WriteTo(metaBytes);
        return await CommitAsync(header, syntax.Uid, () =>
        {
            if (request.DataSet.TryGetMemory(out var received))
            {
                // In memory (the usual case): hash and one gather write of meta + data set, no copy, no thread hop.
                var segments = new List<ReadOnlyMemory<byte>>(8) { metaBytes.GetBuffer().AsMemory(0, (int)metaBytes.Length) };
                foreach (var segment in received) segments.Add(segment);
                return Task.FromResult(blobs.Put(segments));
            }
            return blobs.PutAsync(async (target, ct) =>
            {
                await target.WriteAsync(metaBytes.GetBuffer().AsMemory(0, (int)metaBytes.Length), ct);
                await request.DataSet.CopyToAsync(target, ct);
            }, cancellationToken);
        }, request.Association.CallingAeTitle, request.Association.Id, IngestSource.CStore, cancellationToken);
    }

    /// <summary>A STOW-RS part: a whole Part 10 file, stored byte for byte.</summary>
    public async Task<IngestOutcome> IngestPart10Async(ReadOnlyMemory<byte> file, string source, string? requiredStudyUid, CancellationToken cancellationToken)
    {
        InstanceHeader header;
        string transferSyntax;
        try
        {
            if (file.Length > options.MaxObjectSize)
                throw new IngestRejectedException(IngestStatus.TooLarge, $"the instance is {file.Length} bytes; the limit is {options.MaxObjectSize}");
            // The whole file, not just the header: a part cut short inside its pixel data must fail here, not be indexed.
            using var parsed = DicomFile.Parse(file);
            header = InstanceHeader.From(parsed.Dataset);
            transferSyntax = parsed.TransferSyntax.Uid;
            CheckMatches(header, parsed.Meta.MediaStorageSopClassUid, parsed.Meta.MediaStorageSopInstanceUid, "the file meta information");
            if (requiredStudyUid is not null && header.StudyInstanceUid != requiredStudyUid)
                throw new IngestRejectedException(IngestStatus.DataSetDoesNotMatchSopClass,
                    $"the instance belongs to study {header.StudyInstanceUid}, not to {requiredStudyUid} named in the URL");
        }
        catch (Exception e) when (e is DicomException or IngestRejectedException or EndOfStreamException)
        {
            return Reject(e, null);
        }

        return await CommitAsync(header, transferSyntax, () => Task.FromResult(blobs.Put([file])), source, null, IngestSource.StowRs, cancellationToken);
    }

    /// <summary>
    /// Parses every element (values are slices of the buffer, not copies), so a data set that is cut short or whose
    /// lengths lie is refused before anything is stored.
    /// </summary>
    private static async Task<DicomDataset> ParseWholeAsync(DicomDataSetBuffer buffer, DicomTransferSyntax syntax, CancellationToken cancellationToken)
    {
        if (buffer.TryGetMemory(out var sequence))
            return DicomDataset.Parse(sequence, syntax);
        await using var stream = buffer.OpenRead();
        cancellationToken.ThrowIfCancellationRequested();
        return DicomDataset.Parse(stream, syntax);
    }

    private async Task<IngestOutcome> CommitAsync(
        InstanceHeader header, string transferSyntaxUid, Func<Task<BlobRef>> store,
        string callingAeTitle, Guid? associationId, IngestSource source, CancellationToken cancellationToken)
    {
        BlobRef blob;
        try
        {
            blob = await store();
        }
        catch (IOException e)
        {
            logger.LogError(e, "Could not write instance {SopInstanceUid} to the blob store", header.SopInstanceUid);
            return IngestOutcome.Rejected(IngestStatus.OutOfResources, $"the blob store could not take the instance: {e.Message}");
        }

        var now = time.GetUtcNow();
        var record = new InstanceRecord(
            header.SopInstanceUid, header.SopClassUid, header.SeriesInstanceUid, header.StudyInstanceUid, transferSyntaxUid,
            blob.Sha256, blob.Length, header.InstanceNumber, header.Rows, header.Columns, header.NumberOfFrames,
            callingAeTitle, source, now);

        var stored = await IndexAsync(record, cancellationToken);
        if (stored.IsNew)
        {
            await index.EnsureSeriesAsync(new SeriesRecord(header.SeriesInstanceUid, header.StudyInstanceUid, header.Modality,
                header.SeriesNumber, header.SeriesDescription, header.BodyPartExamined, now), cancellationToken);
            await studies.InstanceStoredAsync(header, callingAeTitle, associationId, cancellationToken);
        }
        return stored;
    }

    private async Task<IngestOutcome> IndexAsync(InstanceRecord record, CancellationToken cancellationToken)
    {
        try
        {
            await index.Instances.InsertAsync(record.SopInstanceUid, record, cancellationToken);
            return new IngestOutcome(IngestStatus.Stored, null, record, IsNew: true);
        }
        catch (DuplicateDocumentException)
        {
        }

        var existing = await index.Instances.GetAsync(record.SopInstanceUid, cancellationToken)
            ?? throw new InvalidOperationException($"Instance {record.SopInstanceUid} vanished while being resent.");
        if (existing.Document.BlobSha256 == record.BlobSha256)
            return new IngestOutcome(IngestStatus.Stored, null, existing.Document, IsNew: false);

        if (!options.OverwriteInstances)
        {
            logger.LogWarning(
                "Instance {SopInstanceUid} was resent by {Caller} with different bytes ({New} vs stored {Old}); kept the first " +
                "(set FedBus:Ingestion:OverwriteInstances=true to replace)",
                record.SopInstanceUid, record.CallingAeTitle, record.BlobSha256, existing.Document.BlobSha256);
            return new IngestOutcome(IngestStatus.Stored, null, existing.Document, IsNew: false, ConflictingResend: true);
        }

        await index.Instances.ReplaceAsync(record.SopInstanceUid, record, existing.Version, cancellationToken);
        logger.LogInformation("Instance {SopInstanceUid} replaced by a resend with different bytes", record.SopInstanceUid);
        return new IngestOutcome(IngestStatus.Stored, null, record, IsNew: true);
    }

    private static void CheckMatches(InstanceHeader header, string? sopClassUid, string? sopInstanceUid, string where)
    {
        if (sopInstanceUid is not null && header.SopInstanceUid != sopInstanceUid)
            throw new IngestRejectedException(IngestStatus.CannotUnderstand,
                $"the data set's SOP Instance UID {header.SopInstanceUid} differs from {sopInstanceUid} in {where}");
        if (sopClassUid is not null && header.SopClassUid != sopClassUid)
            throw new IngestRejectedException(IngestStatus.DataSetDoesNotMatchSopClass,
                $"the data set's SOP Class UID {header.SopClassUid} differs from {sopClassUid} in {where}");
    }

    private IngestOutcome Reject(Exception e, string? sopInstanceUid)
    {
        var status = e is IngestRejectedException r ? r.Status : IngestStatus.CannotUnderstand;
        var reason = e is IngestRejectedException ? e.Message : $"the data set cannot be parsed: {e.Message}";
        logger.LogWarning("Rejected instance {SopInstanceUid}: {Reason}", sopInstanceUid ?? "(unknown)", reason);
        return IngestOutcome.Rejected(status, reason);
    }
}
