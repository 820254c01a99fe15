using FedBus.ServiceDefaults.Federation.Weights;
using System.Text.RegularExpressions;
using FedBus.Aggregation.Persistence;
using FedBus.Aggregation.Profiles;
using FedBus.Aggregation.Strategies;
using FedBus.Aggregation.Weights;
using FedBus.Contracts;
using TaskKind = FedBus.Contracts.TaskKind;
using FedBus.Learning;
using FedBus.Learning.Weights;
using FedBus.ServiceDefaults.Blobs;
using FedBus.ServiceDefaults.Messaging.Outbox;
using FedBus.ServiceDefaults.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace FedBus.Aggregation.Registry;

/// <summary>
/// The model registry's operations besides rounds: import a federation's first version, roll back to an earlier
/// version, compare two versions. Every change and its events go through one unit of work.
/// </summary>
public sealed partial class ModelRegistry(
    AggregationStore store, ExpectedLayouts layouts, IBlobStore blobs, WeightClaimCheck claims, TransactionalOutbox outbox,
    [FromKeyedServices(AggregationClock.Key)] TimeProvider time, ILogger<ModelRegistry> logger)
{
    private const int Attempts = 5;

    /// <summary>
    /// Imports version 1 of a new model: the file's network tensors must have exactly the names, dtypes and shapes of the
    /// architecture's network (profile tensors under <see cref="ProfileTensors.Prefix"/> may come along); otherwise the
    /// differences are the error. Stored as FedBus' canonical safetensors file and published (publication 1).
    /// </summary>
    public async Task<ModelVersion> ImportAsync(ModelImport import, ReadOnlyMemory<byte> file, CancellationToken cancellationToken)
    {
        if (!ModelIdPattern().IsMatch(import.ModelId ?? ""))
            throw new RegistryException(400, "bad-model-id", $"A model id is 1 to 100 letters, digits, '.', '_' or '-', not '{import.ModelId}'.");
        if (await store.ModelAsync(import.ModelId!, cancellationToken) is not null)
            throw new RegistryException(409, "model-exists", $"Model '{import.ModelId}' exists already; a federation imports its first version once (later versions come from rounds).");

        ModelSpec spec;
        try
        {
            spec = ModelSpec.Parse(import.ArchitectureId ?? "");
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            throw new RegistryException(400, "bad-architecture", e.Message);
        }
        var task = Enum.Parse<TaskKind>(spec.Task.ToString());
        if (!string.IsNullOrEmpty(import.Task) && (!Enum.TryParse<TaskKind>(import.Task, ignoreCase: true, out var asked) || asked != task))
            throw new RegistryException(400, "task-mismatch", $"Architecture '{spec.ArchitectureId}' is a {task} model, not '{import.Task}'.");
        var names = import.ClassNames ?? [];
        if (names.Count != spec.Classes || names.Any(string.IsNullOrWhiteSpace) || names.Distinct(StringComparer.Ordinal).Count() != names.Count)
            throw new RegistryException(400, "bad-labels",
                $"Architecture '{spec.ArchitectureId}' has {spec.Classes} classes{(task == TaskKind.Segmentation ? " (background included)" : "")}: name each once; got [{string.Join(", ", names)}].");
        if (import.LabelSchemaVersion < 1)
            throw new RegistryException(400, "bad-labels", $"The label schema version must be ≥ 1, got {import.LabelSchemaVersion}.");

        WeightSet weights;
        try
        {
            weights = SafeTensors.Read(file.Span).Weights;
        }
        catch (InvalidDataException e)
        {
            throw new RegistryException(400, "bad-weights", "The file is not a safetensors file FedBus can read: " + e.Message);
        }
        var network = new WeightSet(weights.Where(kv => !ProfileTensors.IsProfile(kv.Key)));
        var expected = layouts.For(spec);
        var actual = ModelLayout.Of(network);
        if (!expected.Matches(actual))
            throw new RegistryException(400, "layout-mismatch",
                $"The file's tensors do not match architecture '{spec.ArchitectureId}' (expected layout from the network itself).", expected.Differences(actual, limit: 50));
        if (network.FirstOrDefault(kv => kv.Value.DType == WeightDType.F32 && kv.Value.Values.Any(v => !float.IsFinite(v))) is { Key: { } bad })
            throw new RegistryException(400, "non-finite", $"Tensor '{bad}' holds NaN or infinite values.");

        var canonical = SafeTensors.ToBytes(weights, new WeightMetadata(spec.ArchitectureId, "1", "", "import"));
        var claim = await claims.PackAsync(canonical, cancellationToken);
        var now = time.GetUtcNow();
        var labels = new LabelSchema(import.LabelSchemaVersion, [.. names]);
        var by = string.IsNullOrWhiteSpace(import.RequestedBy) ? "unknown" : import.RequestedBy;
        var model = new ModelRecord(import.ModelId!, spec.ArchitectureId, task, labels, 1, 1, 1, 0, null, null, null, now);
        var version = new ModelVersion(import.ModelId!, 1, VersionStatus.Published, [], null, null, "import", [], [], claim.WeightsSha256, claim.SizeBytes,
            spec.ArchitectureId, task, labels, null, null, null, "Imported as the federation's first version.", [new VersionPublication(1, now, false, by, "import")], now);
        var work = outbox.Begin(cancellationToken)
            .Insert(store.Models, model.ModelId, model)
            .Insert(store.Versions, ModelVersion.IdOf(model.ModelId, 1), version)
            .Publish(new GlobalModelPublished(AggregationIds.Published(model.ModelId, 1), now, model.ModelId, spec.ArchitectureId, task, labels, 1, 1, [], null,
                claim, [], IsRollback: false));
        try
        {
            await outbox.CommitAsync(work, cancellationToken);
        }
        catch (DuplicateDocumentException)
        {
            throw new RegistryException(409, "model-exists", $"Model '{import.ModelId}' was imported at the same time by another request.");
        }
        AggregationLog.ModelImported(logger, model.ModelId, spec.ArchitectureId, claim.WeightsSha256);
        return version;
    }

    /// <summary>
    /// Makes an earlier version current again: GlobalModelReverted, then GlobalModelPublished of that version with the
    /// next publication number and IsRollback. Only a version that was published once may come back. The next round
    /// starts from that version's optimizer state, with the privacy spent so far.
    /// </summary>
    public async Task<(ModelRecord Model, ModelVersion Version)> RollbackAsync(string modelId, int toVersion, string reason, string requestedBy, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(reason)) throw new RegistryException(400, "reason-required", "Say why the model is rolled back (reason).");
        for (var attempt = 1; ; attempt++)
        {
            var model = await store.ModelAsync(modelId, cancellationToken) ?? throw new RegistryException(404, "no-such-model", $"The hub has no model '{modelId}'.");
            var version = await store.VersionAsync(modelId, toVersion, cancellationToken)
                ?? throw new RegistryException(404, "no-such-version", $"Model '{modelId}' has no version {toVersion}.");
            var m = model.Document;
            var v = version.Document;
            if (v.Status != VersionStatus.Published)
                throw new RegistryException(409, "never-published", $"Version {toVersion} was never published ({v.Status}): only a version that was current once can be made current again.");
            if (m.CurrentVersion == toVersion) throw new RegistryException(409, "already-current", $"Version {toVersion} is the current version already.");

            var now = time.GetUtcNow();
            var publication = m.Publication + 1;
            var current = m.ServerStateSha256 is { } c ? await blobs.ReadAllBytesAsync(c, cancellationToken) : null;
            var target = v.ServerStateSha256 is { } t ? await blobs.ReadAllBytesAsync(t, cancellationToken) : null;
            var state = ServerStates.ForRollback(target, current) is { } bytes ? (await blobs.PutAsync(bytes, cancellationToken)).Sha256 : null;
            var claim = await claims.PackAsync(await claims.ResolveAsync(new ModelWeights(v.WeightsSha256, v.SizeBytes, null), cancellationToken), cancellationToken);
            var metrics = v.Gate is { Metric: { } name, Candidate: { } value } ? new List<MetricValue> { new(name, value), new("validation-cases", v.Gate.ValidationCases) } : [];
            var updated = m with { CurrentVersion = toVersion, Publication = publication, ServerStateSha256 = state };
            var work = outbox.Begin(cancellationToken)
                .Replace(store.Models, model.Id, updated, model.Version)
                .Replace(store.Versions, version.Id, v with { Publications = [.. v.Publications, new VersionPublication(publication, now, true, requestedBy, reason)] }, version.Version)
                .Publish(new GlobalModelReverted(AggregationIds.Reverted(modelId, publication), now, modelId, m.CurrentVersion, toVersion, reason, requestedBy))
                .Publish(new GlobalModelPublished(AggregationIds.Published(modelId, publication), now, modelId, v.ArchitectureId, v.Task, v.Labels, toVersion, publication,
                    v.ParentVersions, v.RoundId, claim, metrics, IsRollback: true));
            try
            {
                await outbox.CommitAsync(work, cancellationToken);
                AggregationLog.RolledBack(logger, modelId, m.CurrentVersion, toVersion, publication);
                return (updated, (await store.VersionAsync(modelId, toVersion, cancellationToken))!.Document);
            }
            catch (ConcurrencyConflictException) when (attempt < Attempts)
            {
                // A round published (or another rollback happened) meanwhile: look again.
            }
        }
    }

    /// <summary>Compares version <paramref name="from"/> with <paramref name="to"/> tensor by tensor.</summary>
    public async Task<VersionComparison> CompareAsync(string modelId, int from, int to, CancellationToken cancellationToken)
    {
        var a = (await store.VersionAsync(modelId, from, cancellationToken))?.Document ?? throw new RegistryException(404, "no-such-version", $"Model '{modelId}' has no version {from}.");
        var b = (await store.VersionAsync(modelId, to, cancellationToken))?.Document ?? throw new RegistryException(404, "no-such-version", $"Model '{modelId}' has no version {to}.");
        var wa = SafeTensors.Read(await blobs.ReadAllBytesAsync(a.WeightsSha256, cancellationToken)).Weights;
        var wb = SafeTensors.Read(await blobs.ReadAllBytesAsync(b.WeightsSha256, cancellationToken)).Weights;
        // The layout is the network's: profile tensors come and go with the sites' statistics.
        var la = ModelLayout.Of(new WeightSet(wa.Where(kv => !ProfileTensors.IsProfile(kv.Key))));
        var lb = ModelLayout.Of(new WeightSet(wb.Where(kv => !ProfileTensors.IsProfile(kv.Key))));
        var changes = new List<TensorChange>();
        double distance = 0, norm = 0;
        foreach (var (name, ta) in wa)
        {
            if (!wb.TryGetValue(name, out var tb) || !ta.HasSameLayout(tb)) continue;
            double d2 = 0, n2 = 0, max = 0;
            if (ta.DType == WeightDType.F32)
                for (int i = 0; i < ta.Values.Length; i++)
                {
                    double d = (double)tb.Values[i] - ta.Values[i];
                    d2 += d * d;
                    n2 += (double)ta.Values[i] * ta.Values[i];
                    max = Math.Max(max, Math.Abs(d));
                }
            else
                for (int i = 0; i < ta.Int64Values.Length; i++)
                    max = Math.Max(max, Math.Abs((double)tb.Int64Values[i] - ta.Int64Values[i]));
            if (ta.DType == WeightDType.F32 && !ProfileTensors.IsProfile(name))
            {
                distance += d2;
                norm += n2;
            }
            changes.Add(new TensorChange(name, $"{ta.DType} [{string.Join(", ", ta.Shape)}]", Math.Sqrt(d2), n2 > 0 ? Math.Sqrt(d2 / n2) : null, max));
        }
        return new VersionComparison(modelId, a, b, await RelationAsync(modelId, a, b, cancellationToken), la.Matches(lb), la.Differences(lb, limit: 50),
            Math.Sqrt(distance), norm > 0 ? Math.Sqrt(distance / norm) : null, [.. changes.OrderByDescending(c => c.L2Distance).ThenBy(c => c.Name, StringComparer.Ordinal)]);
    }

    private async Task<string> RelationAsync(string modelId, ModelVersion a, ModelVersion b, CancellationToken cancellationToken)
    {
        if (a.Version == b.Version) return "same version";
        if (await IsAncestorAsync(modelId, a.Version, b, cancellationToken)) return $"version {a.Version} is an ancestor of version {b.Version}";
        if (await IsAncestorAsync(modelId, b.Version, a, cancellationToken)) return $"version {b.Version} is an ancestor of version {a.Version}";
        return "neither is an ancestor of the other";
    }

    private async Task<bool> IsAncestorAsync(string modelId, int ancestor, ModelVersion of, CancellationToken cancellationToken)
    {
        var seen = new HashSet<int>();
        var queue = new Queue<int>(of.ParentVersions);
        while (queue.TryDequeue(out var v))
        {
            if (v == ancestor) return true;
            if (!seen.Add(v) || seen.Count > AggregationStore.QueryLimit) continue;
            if ((await store.VersionAsync(modelId, v, cancellationToken))?.Document is { } parent)
                foreach (var p in parent.ParentVersions) queue.Enqueue(p);
        }
        return false;
    }

    [GeneratedRegex("^[A-Za-z0-9._-]{1,100}$")]
    private static partial Regex ModelIdPattern();
}
