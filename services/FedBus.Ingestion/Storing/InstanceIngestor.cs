using FedBus.Dicom;
using FedBus.Dicom.Network;
using FedBus.Ingestion.Index;
using FedBus.ServiceDefaults.Blobs;
using FedBus.ServiceDefaults.Privacy;

namespace FedBus.Ingestion.Storing;

/// <summary>
/// The answer path of one instance: parse the whole data set and check it, write it as a Part 10 file to the incoming
/// folder (one gather write into the page cache) and hand it to the <see cref="IndexCommitter"/>. Hashing, the blob
/// store and the index come after, in batches, off this path; the end of the association or request waits for them.
/// </summary>
public sealed partial class InstanceIngestor(
    IncomingFolder incoming, IndexCommitter committer, BackgroundFlusher flusher, Studies.StudyCompletion studies, IngestionOptions options, TimeProvider time, IdentifierHasher hasher, ILogger<InstanceIngestor> logger)
{
    /// <summary>A C-STORE: a bare data set in the presentation context's transfer syntax, wrapped in file meta here.</summary>
    public async Task<IngestOutcome> IngestDataSetAsync(DicomStoreRequest request, IngestUnit unit, CancellationToken cancellationToken)
    {
        if (unit.Failure is { } failure)
            return IngestOutcome.Rejected(IngestStatus.OutOfResources, $"an earlier instance could not be stored: {failure}");
        var syntax = DicomTransferSyntax.Lookup(request.TransferSyntaxUid);
        InstanceHeader header;
        try
        {
            header = InstanceHeader.From(await ParseWholeAsync(request.DataSet, syntax, cancellationToken));
            CheckMatches(header, request.SopClassUid, request.SopInstanceUid, "the C-STORE request");
        }
        catch (Exception e) when (e is DicomException or IngestRejectedException or EndOfStreamException)
        {
            return Reject(e);
        }

        if (unit.FirstOf(header.StudyInstanceUid))
        {
            try
            {
                await studies.SenderStartsAsync(unit, header, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                unit.Undeclare(header.StudyInstanceUid);
                LogIndexUnreachable(hasher.Redact(e));
                return IngestOutcome.Rejected(IngestStatus.OutOfResources, $"the study index cannot be reached: {e.Message}");
            }
        }

        var meta = request.Prefix ?? FileMeta(request.SopClassUid, request.SopInstanceUid, syntax.Uid, request.Association.CallingAeTitle);
        var length = meta.Length + request.DataSet.Length;
        var path = incoming.NewInstancePath(length, IngestSource.CStore);
        try
        {
            request.DataSet.WriteToFile(path, meta);
        }
        catch (IOException e)
        {
            IncomingFolder.Delete(path);
            LogStagingFailed(hasher.Redact(e), incoming.Root);
            return IngestOutcome.Rejected(IngestStatus.OutOfResources, $"the instance could not be written: {e.Message}");
        }
        flusher.Written(length);

        // Hashed while received, over the very bytes just written (the prefix is the meta written in front of them); or
        // the bytes go to the committer, which hashes them on another core while this association receives the next.
        var hashed = request.Prefix is not null && request.Sha256 is { } sha256 ? new BlobRef(sha256, length) : null;
        UnhashedInstance? unhashed = null;
        if (hashed is null && request.DataSet.MemoryFootprint is > 0 and var footprint && committer.TryReserveMemory(footprint))
            unhashed = new UnhashedInstance(meta, request.DataSet.TakeMemory()!);
        await committer.EnqueueAsync(new StagedInstance(path, header, syntax.Uid, request.Association.CallingAeTitle, IngestSource.CStore, unit, time.GetUtcNow()) { Hashed = hashed, Unhashed = unhashed }, cancellationToken);
        return IngestOutcome.Staged;
    }

    /// <summary>The Part 10 file meta information a C-STORE's data set is stored behind.</summary>
    public static ReadOnlyMemory<byte> FileMeta(string sopClassUid, string sopInstanceUid, string transferSyntaxUid, string callingAeTitle)
    {
        var meta = new MemoryStream(256);
        DicomFileMetaInformation.Create(sopClassUid, sopInstanceUid, DicomTransferSyntax.Lookup(transferSyntaxUid), callingAeTitle).WriteTo(meta);
        return meta.GetBuffer().AsMemory(0, (int)meta.Length);
    }

    /// <summary>
    /// A STOW-RS part, already spooled whole to <paramref name="spoolPath"/>: checked from the file (large values are
    /// not loaded), then staged. Completes at once when the part is refused, else when the committer has indexed it.
    /// </summary>
    public async Task<Task<IngestOutcome>> IngestPart10Async(string spoolPath, string source, string? requiredStudyUid, IngestUnit unit, CancellationToken cancellationToken)
    {
        InstanceHeader header;
        string transferSyntax;
        long length;
        try
        {
            length = new FileInfo(spoolPath).Length;
            if (length > options.MaxObjectSize)
                throw new IngestRejectedException(IngestStatus.TooLarge, $"the instance is {length} bytes; the limit is {options.MaxObjectSize}");
            // The whole file, not just the header: a part cut short inside its pixel data must fail here, not be indexed.
            using var parsed = DicomFile.Open(spoolPath);
            header = InstanceHeader.From(parsed.Dataset);
            transferSyntax = parsed.TransferSyntax.Uid;
            CheckMatches(header, parsed.Meta.MediaStorageSopClassUid, parsed.Meta.MediaStorageSopInstanceUid, "the file meta information");
            if (requiredStudyUid is not null && header.StudyInstanceUid != requiredStudyUid)
                throw new IngestRejectedException(IngestStatus.DataSetDoesNotMatchSopClass,
                    $"the instance belongs to study {header.StudyInstanceUid}, not to {requiredStudyUid} named in the URL");
        }
        catch (Exception e) when (e is DicomException or IngestRejectedException or EndOfStreamException)
        {
            IncomingFolder.Delete(spoolPath);
            return Task.FromResult(Reject(e));
        }

        var outcome = new TaskCompletionSource<IngestOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
        var path = incoming.Finish(spoolPath, IngestSource.StowRs);
        flusher.Written(length);
        await committer.EnqueueAsync(new StagedInstance(path, header, transferSyntax, source, IngestSource.StowRs, unit, time.GetUtcNow()) { Outcome = outcome }, cancellationToken);
        return outcome.Task;
    }

    /// <summary>Completes when every instance the unit staged is indexed (or failed); its sender waits on it, so it goes now.</summary>
    public Task WhenCommittedAsync(IngestUnit unit, CancellationToken cancellationToken)
    {
        committer.CommitNow();
        return unit.WhenCommittedAsync(cancellationToken);
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

    private static void CheckMatches(InstanceHeader header, string? sopClassUid, string? sopInstanceUid, string where)
    {
        if (sopInstanceUid is not null && header.SopInstanceUid != sopInstanceUid)
            throw new IngestRejectedException(IngestStatus.CannotUnderstand,
                $"the data set's SOP Instance UID {header.SopInstanceUid} differs from {sopInstanceUid} in {where}");
        if (sopClassUid is not null && header.SopClassUid != sopClassUid)
            throw new IngestRejectedException(IngestStatus.DataSetDoesNotMatchSopClass,
                $"the data set's SOP Class UID {header.SopClassUid} differs from {sopClassUid} in {where}");
    }

    private IngestOutcome Reject(Exception e)
    {
        var status = e is IngestRejectedException r ? r.Status : IngestStatus.CannotUnderstand;
        var reason = e is IngestRejectedException ? e.Message : $"the data set cannot be parsed: {e.Message}";
        // The reason goes back to the sender as it is (it may name the UIDs it sent); the log gets them hashed.
        LogRejected(status, hasher.RedactUids(reason));
        return IngestOutcome.Rejected(status, reason);
    }

    [LoggerMessage(LogLevel.Warning, "Rejected an instance ({Status}): {Reason}")]
    private partial void LogRejected(IngestStatus status, string reason);

    [LoggerMessage(LogLevel.Error, "Could not record a new sender of a study; the instance is refused so that it is sent again")]
    private partial void LogIndexUnreachable(Exception e);

    [LoggerMessage(LogLevel.Error, "Could not write a received instance to {Folder}")]
    private partial void LogStagingFailed(Exception e, string folder);
}
