using FedBus.Contracts;
using FedBus.Training.Storage;

namespace FedBus.Training.Dataset;

/// <summary>
/// Adds accepted and seeded cases to the dataset and takes withdrawn ones out, as writes on a unit of work. A case is
/// prepared once, when it arrives (DICOM decoded, label carried into the model grid, cached as a blob): an unusable one
/// is kept with its reason and never trains. Idempotent by case id: a second copy of a case changes nothing.
/// </summary>
public sealed partial class CaseIntake(
    TrainingStore store, SiteSplit split, CasePreparation preparation, IBlobStore blobs, TrainingTasks tasks, TimeProvider time, ILogger<CaseIntake> logger)
{
    public async Task<TrainingCase?> AcceptAsync(AnnotationAccepted accepted, UnitOfWork work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(accepted);
        var key = TrainingIds.CaseKey(accepted.CaseId);
        if (await store.Cases.GetAsync(key, cancellationToken) is not null) return null;
        var withdrawal = await store.Withdrawals.GetAsync(key, cancellationToken);
        var draft = new TrainingCase(
            accepted.CaseId, accepted.ModelId, accepted.Task, CaseOrigin.Accepted, accepted.TaskId, accepted.Image,
            accepted.Image.InstanceBlobSha256, accepted.Image.Frame, accepted.LabelBlobSha256, accepted.LabelMediaType,
            accepted.Labels.Version, await split.IsValidationAsync(accepted.ModelId, accepted.CaseId, cancellationToken), [], null, CaseState.Active, null,
            time.GetUtcNow(), null, accepted.MessageId);
        var c = withdrawal is not null
            ? draft with { State = CaseState.Withdrawn, WithdrawnAt = withdrawal.Document.WithdrawnAt }
            : await PrepareAsync(draft, accepted.Labels.ClassNames.Count, cancellationToken);
        work.Insert(store.Cases, key, c);
        return c;
    }

    /// <summary>
    /// A seeded case (its instance and label already in the blob store): the stored one when the same case is there
    /// already (Created false); a case that cannot be a model input is returned Unusable and NOT stored, so the caller can
    /// fix the label and send the same image again.
    /// </summary>
    public async Task<(TrainingCase Case, bool Created)> SeedAsync(
        string modelId, TaskKind task, string instanceSha256, int frame, string labelSha256, string mediaType, int classes, UnitOfWork work, CancellationToken cancellationToken)
    {
        var caseId = TrainingIds.SeededCase(modelId, instanceSha256, frame);
        var key = TrainingIds.CaseKey(caseId);
        if (await store.Cases.GetAsync(key, cancellationToken) is { } existing) return (existing.Document, false);
        var draft = new TrainingCase(caseId, modelId, task, CaseOrigin.Seeded, null, null, instanceSha256, frame, labelSha256, mediaType, 0,
            await split.IsValidationAsync(modelId, caseId, cancellationToken), [], null, CaseState.Active, null, time.GetUtcNow(), null, caseId);
        var c = await PrepareAsync(draft, classes, cancellationToken);
        if (c.State == CaseState.Active) work.Insert(store.Cases, key, c);
        else await split.ForgetAsync(modelId, caseId, cancellationToken);
        return (c, c.State == CaseState.Active);
    }

    public async Task<TrainingCase?> GetAsync(Guid caseId, CancellationToken cancellationToken) =>
        (await store.Cases.GetAsync(TrainingIds.CaseKey(caseId), cancellationToken))?.Document;

    /// <summary>Takes the case out (or, when it has not arrived yet, records the withdrawal so it stays out when it does).</summary>
    public async Task WithdrawAsync(CaseWithdrawn withdrawn, UnitOfWork work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(withdrawn);
        var key = TrainingIds.CaseKey(withdrawn.CaseId);
        var stored = await store.Cases.GetAsync(key, cancellationToken);
        if (stored is null)
        {
            if (await store.Withdrawals.GetAsync(key, cancellationToken) is null)
                work.Insert(store.Withdrawals, key, new CaseWithdrawalRecord(withdrawn.CaseId, withdrawn.MessageId, withdrawn.OccurredAt));
            return;
        }
        if (stored.Document.State == CaseState.Withdrawn) return;
        work.Replace(store.Cases, key, stored.Document with { State = CaseState.Withdrawn, WithdrawnAt = withdrawn.OccurredAt }, stored.Version);
    }

    /// <summary>The case's model input at <paramref name="size"/>: the cached one, or prepared now (and cached).</summary>
    public async Task<CaseInput> InputAsync(TrainingCase c, int size, int? classes, CancellationToken cancellationToken)
    {
        if (c.Input is { } cached && cached.Size == size && blobs.Exists(cached.BlobSha256))
            return CaseInputCodec.Decode(await blobs.ReadAllBytesAsync(cached.BlobSha256, cancellationToken));
        var input = await preparation.PrepareAsync(c, size, classes, cancellationToken);
        await blobs.PutAsync(CaseInputCodec.Encode(input), cancellationToken);
        return input;
    }

    private async Task<TrainingCase> PrepareAsync(TrainingCase c, int classes, CancellationToken cancellationToken)
    {
        var size = tasks.InputSizeOf(c.ModelId);
        try
        {
            var input = await preparation.PrepareAsync(c, size, classes, cancellationToken);
            var blob = await blobs.PutAsync(CaseInputCodec.Encode(input), cancellationToken);
            return c with { Input = new CaseInputRef(size, blob.Sha256), ClassIds = input.ClassIds() };
        }
        catch (CaseProblemException e)
        {
            CaseUnusable(logger, c.CaseId, e.Code);
            return c with { State = CaseState.Unusable, Problem = e.Flag };
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Case {CaseId} cannot be a model input ({Code}); it is kept as unusable and never trains")]
    private static partial void CaseUnusable(ILogger logger, Guid caseId, string code);
}
