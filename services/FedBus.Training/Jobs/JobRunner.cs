using FedBus.Contracts;
using FedBus.Learning;
using FedBus.Learning.Cases;
using FedBus.Learning.Profiles;
using FedBus.Learning.Training;
using FedBus.Learning.Weights;
using FedBus.Training.Dataset;
using FedBus.Training.Models;
using FedBus.Training.Storage;
using FedBus.ServiceDefaults.Federation.Weights;

namespace FedBus.Training.Jobs;

/// <summary>
/// Runs one claimed job and returns what to commit with its completion. Training: base weights (claim check) into the
/// round's architecture, FedBN's local normalisation layers, every active training case (replay) with the new ones
/// weighted, FedProx anchored at the starting weights, the validation pool scored before and after, the weights packed
/// as safetensors. Validation: the candidate and the current model scored on the validation pool. TorchSharp work runs
/// on a dedicated thread; nothing here writes to the store.
/// </summary>
public sealed partial class JobRunner(
    TrainingStore store, DatasetReader dataset, WeightClaimCheck claimCheck, IBlobStore blobs,
    TrainingServiceOptions options, SiteIdentity site, TimeProvider time, ILogger<JobRunner> logger)
{
    public Task<JobOutcome> RunAsync(TrainingJob job, CancellationToken cancellationToken) => job.Kind switch
    {
        JobKind.Round => TrainAsync(job, cancellationToken),
        JobKind.Validation => ValidateAsync(job, cancellationToken),
        _ => throw new JobPermanentException($"Unknown job kind {job.Kind}."),
    };

    private async Task<JobOutcome> TrainAsync(TrainingJob job, CancellationToken cancellationToken)
    {
        var settings = job.Settings ?? throw new JobPermanentException("The round job has no settings.");
        var spec = Spec(job.ArchitectureId);
        var global = await WeightsAsync(job, job.Weights, cancellationToken);
        var datasetAsOf = time.GetUtcNow();
        var cases = await dataset.ActiveCasesAsync(job.ModelId, spec.Classes, cancellationToken);
        var local = (await store.LocalModels.GetAsync(TrainingStore.ModelKey(job.ModelId), cancellationToken))?.Document;
        var start = global;
        if (settings.KeepNormalizationLocal && local is not null && local.ArchitectureId == spec.ArchitectureId && blobs.Exists(local.WeightsSha256))
            start = NormalisationLayers.KeepLocal(TrainingProfile.Strip(global),
                TrainingProfile.Strip(SafeTensors.Read(await blobs.ReadAllBytesAsync(local.WeightsSha256, cancellationToken)).Weights));
        var newCases = cases.Where(c => local is null || c.Case.AddedAt > local.DatasetAsOf).Select(c => c.Labeled.CaseId).ToHashSet(StringComparer.Ordinal);
        var seed = TrainingIds.Seed(job.RoundId, site.SiteId);
        var training = options.ForRound(settings.LocalEpochs, settings.ProximalMu, settings.NewCaseWeight, seed);
        // The pools stored at intake, not a new split by hash: SiteSplit may have filled an empty validation pool.
        var validation = cases.Where(c => c.Case.IsValidation).Select(c => c.Labeled).ToList();
        var trainCases = cases.Where(c => !c.Case.IsValidation).Select(c => c.Labeled).ToList();
        if (trainCases.Count == 0)
            throw new JobPermanentException($"The site has no training case for model '{job.ModelId}' ({validation.Count} validation case(s)).");

        var run = await OnTorchThread(() =>
        {
            using var model = spec.CreateModel(seed);
            Import(model, start);
            var before = validation.Count > 0 ? model.Evaluate(validation) : double.NaN;
            TrainingResult result;
            try
            {
                result = new Trainer(training).Train(model, trainCases, validation, newCases, settings.ProximalMu > 0 ? start : null, null, cancellationToken);
            }
            catch (ArgumentException e)
            {
                throw new JobPermanentException($"The cases cannot train {spec.ArchitectureId}: {e.Message}", e);
            }
            catch (TrainingDivergedException e)
            {
                // Seeded by round and site: another attempt would diverge the same way.
                throw new JobPermanentException($"{e.Message} FedBus:Training:LearningRate sets the rate.", e);
            }
            var after = validation.Count > 0 ? model.Evaluate(validation) : double.NaN;
            // The image profile of what this site trained on ships with the weights ("profile.*"; pooled by the hub by
            // sample count); the validation cases, unseen in training, calibrate its triage combiner.
            var profile = TrainingProfile.Build(model, trainCases, validation.Count > 0 ? validation : null);
            return (Result: result, Before: before, After: after, Weights: profile.AddTo(model.ExportWeights()), model.MetricName);
        }, cancellationToken);

        var file = SafeTensors.ToBytes(run.Weights, new WeightMetadata(spec.ArchitectureId, job.BaseModelVersion.ToString(System.Globalization.CultureInfo.InvariantCulture),
            job.RoundId.ToString(), $"fedbus-training@{site.SiteId}"));
        var packed = await PackAsync(job, file, cancellationToken);
        var r = run.Result;
        var metrics = new List<MetricValue> { new("epochs", r.EpochsRun), new("best-epoch", r.BestEpoch), new("new-cases", newCases.Count) };
        // Messages are JSON: a figure that is not a number is left out rather than sent as NaN.
        if (r.History.Count > 0 && double.IsFinite(r.History[^1].TrainLoss)) metrics.Insert(0, new("train-loss", r.History[^1].TrainLoss));
        if (double.IsFinite(run.Before)) metrics.Add(new($"validation-{run.MetricName}-before", run.Before));
        if (double.IsFinite(run.After)) metrics.Add(new($"validation-{run.MetricName}-after", run.After));
        if (r.Divergence is { } diverged)
        {
            // The best weights before it go out; the hub's gate judges them like any other update.
            metrics.Add(new("diverged-at-epoch", diverged.Epoch));
            TrainingDiverged(logger, job.JobId, diverged.ToString(), r.BestEpoch);
        }
        var update = new ModelUpdateSubmitted(TrainingIds.Update(job.RoundId, site.SiteId), time.GetUtcNow(), site.SiteId, job.RoundId, job.ModelId,
            job.BaseModelVersion, packed, r.TrainCases, r.ValidationCases, r.EpochsRun, r.Steps, metrics);
        var localModel = new LocalModelRecord(job.ModelId, spec.ArchitectureId, job.RoundId, job.BaseModelVersion, packed.WeightsSha256, datasetAsOf, time.GetUtcNow());
        return new JobOutcome(update, metrics, localModel);
    }

    private async Task<JobOutcome> ValidateAsync(TrainingJob job, CancellationToken cancellationToken)
    {
        var spec = Spec(job.ArchitectureId);
        var candidate = await WeightsAsync(job, job.Weights, cancellationToken);
        var current = (await store.CurrentModels.GetAsync(TrainingStore.ModelKey(job.ModelId), cancellationToken))?.Document;
        WeightSet? currentWeights = null;
        if (current is not null && current.ModelVersion == job.BaseModelVersion && current.ArchitectureId == spec.ArchitectureId)
        {
            try
            {
                currentWeights = await WeightsAsync(job, current.Weights, cancellationToken);
            }
            catch (JobPermanentException)
            {
                // The current model's weights are not at hand: only the candidate's figures go back.
            }
        }
        var validation = (await dataset.ActiveCasesAsync(job.ModelId, spec.Classes, cancellationToken))
            .Where(c => c.Case.IsValidation).Select(c => c.Labeled).ToList();
        var scores = await OnTorchThread(() =>
        {
            if (validation.Count == 0) return (Candidate: (MetricValue?)null, Current: (MetricValue?)null);
            using var model = spec.CreateModel(1);
            Import(model, candidate);
            var score = model.Evaluate(validation);
            MetricValue? c = double.IsFinite(score) ? new MetricValue(model.MetricName, score) : null;
            MetricValue? cur = null;
            if (currentWeights is not null)
            {
                Import(model, currentWeights);
                var currentScore = model.Evaluate(validation);
                if (double.IsFinite(currentScore)) cur = new MetricValue(model.MetricName, currentScore);
            }
            return (Candidate: c, Current: cur);
        }, cancellationToken);
        IReadOnlyList<MetricValue> candidateMetrics = scores.Candidate is { } cm ? [cm] : [];
        IReadOnlyList<MetricValue> currentMetrics = scores.Current is { } um ? [um] : [];
        var candidateVersion = job.CandidateVersion ?? 0;
        var validated = new CandidateModelValidated(TrainingIds.Validated(job.RoundId, candidateVersion, site.SiteId), time.GetUtcNow(), site.SiteId,
            job.RoundId, job.ModelId, candidateVersion, job.BaseModelVersion, validation.Count, candidateMetrics, currentMetrics);
        return new JobOutcome(validated, candidateMetrics, null);
    }

    private static ModelSpec Spec(string architectureId)
    {
        try
        {
            return ModelSpec.Parse(architectureId);
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            throw new JobPermanentException($"The architecture id is not one this site can build: {e.Message}", e);
        }
    }

    private async Task<WeightSet> WeightsAsync(TrainingJob job, ModelWeights weights, CancellationToken cancellationToken)
    {
        try
        {
            return SafeTensors.Read(await TransferAsync(job, "fetch", ct => claimCheck.ResolveAsync(weights, ct), cancellationToken)).Weights;
        }
        catch (Exception e) when (e is WeightsUnavailableException or InvalidDataException or FormatException)
        {
            throw new JobPermanentException($"The weights cannot be read: {e.Message}", e);
        }
    }

    private async Task<ModelWeights> PackAsync(TrainingJob job, byte[] file, CancellationToken cancellationToken)
    {
        try
        {
            return await TransferAsync(job, "upload", ct => claimCheck.PackAsync(file, ct), cancellationToken);
        }
        catch (WeightsUnavailableException e)
        {
            throw new JobPermanentException(e.Message, e);
        }
    }

    /// <summary>
    /// A weight transfer, tried again every <see cref="TrainingServiceOptions.WeightRetryInterval"/> while it fails
    /// transiently (the hub down or overloaded) and the job's deadline allows: an upload after minutes of training waits
    /// for the hub instead of failing the job. What fails otherwise, or at the deadline, is the caller's to report.
    /// </summary>
    private async Task<T> TransferAsync<T>(TrainingJob job, string what, Func<CancellationToken, Task<T>> transfer, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await transfer(cancellationToken);
            }
            catch (WeightTransferException e) when (e.Transient && time.GetUtcNow() + options.WeightRetryInterval < job.Deadline)
            {
                TransferWaits(logger, job.JobId, what, attempt, options.WeightRetryInterval, e.Message);
                await Task.Delay(options.WeightRetryInterval, time, cancellationToken);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId}: training diverged ({Divergence}); the weights of epoch {BestEpoch} go out")]
    private static partial void TrainingDiverged(ILogger logger, string jobId, string divergence, int bestEpoch);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId}: weight {What} failed ({Attempt}), trying again in {Interval}: {Problem}")]
    private static partial void TransferWaits(ILogger logger, string jobId, string what, int attempt, TimeSpan interval, string problem);

    private static void Import(ITaskModel model, WeightSet weights)
    {
        try
        {
            model.ImportWeights(weights);
        }
        catch (ArgumentException e)
        {
            throw new JobPermanentException($"The weights do not fit {model.Spec.ArchitectureId}: {e.Message}", e);
        }
    }

    /// <summary>libtorch work on its own thread: a training run takes minutes and must not hold a pool thread.</summary>
    private static Task<T> OnTorchThread<T>(Func<T> work, CancellationToken cancellationToken) =>
        Task.Factory.StartNew(work, cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);
}
