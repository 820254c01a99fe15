using FedBus.ServiceDefaults.Federation.Weights;
using System.Diagnostics;
using System.Globalization;
using FedBus.Aggregation.Profiles;
using FedBus.Aggregation.Registry;
using FedBus.Aggregation.Rounds;
using FedBus.Aggregation.Strategies;
using FedBus.Aggregation.Weights;
using FedBus.Contracts;
using FedBus.Learning.Weights;
using FedBus.ServiceDefaults.Blobs;
using FedBus.ServiceDefaults.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace FedBus.Aggregation.Jobs;

/// <summary>
/// Builds a round's candidate off the message thread: plans from the inspections stored on arrival (no weights read),
/// then streams the included updates through the strategy — mean-based strategies one update at a time, so memory
/// does not grow with the sites; order statistics and Krum need every update at once — with the server state the
/// model carries. The image profile is pooled apart (sample-weighted mean over the included sites). The candidate file
/// and both possible next server states are stored in the blob store (content-addressed: a rerun writes the same).
/// </summary>
public sealed class CandidateBuilder(
    WeightClaimCheck claims, IBlobStore blobs, RoundLifecycle lifecycle, [FromKeyedServices(AggregationClock.Key)] TimeProvider time, ILogger<CandidateBuilder> logger)
{
    public async Task<CandidateBuild> BuildAsync(Stored<TrainingRound> stored, Stored<ModelRecord> model, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var round = stored.Document;
        var m = model.Document;
        var settings = RoundSettingsMapper.ToAggregationSettings(round.Settings);
        var globalFile = WeightsView.FromSafeTensors(await claims.ResolveAsync(new ModelWeights(round.BaseWeightsSha256, round.BaseWeightsSize, null), cancellationToken));
        var global = ProfileTensors.Network(globalFile);
        var submissions = round.Updates.Select(u => new SiteSubmission(u.SiteId, u.TrainingSamples, UpdateInspection.Valid(u.TensorSquaredNorms),
            settings.WeightByValidationScore ? RoundSettingsMapper.ValidationScore(u.Metrics, lifecycle.Gate.Metric) : null)).ToList();
        var plan = RoundPlanner.Plan(settings, global.Layout, submissions);
        if (!plan.CanAggregate) return new CandidateBuild(null, null, plan.Blocker);

        var stateBytes = m.ServerStateSha256 is { } s ? await blobs.ReadAllBytesAsync(s, cancellationToken) : null;
        var state = stateBytes is null ? null : ServerState.FromBytes(stateBytes);
        var profiles = new List<SiteProfile>();
        AggregationResult result;
        if (settings.IsMeanBased)
        {
            var mean = Aggregator.StartMean(plan, global, state);
            foreach (var site in plan.Included)
            {
                var view = await LoadAsync(round, site.SiteId, cancellationToken);
                mean.Add(site.SiteId, ProfileTensors.Network(view));
                profiles.Add(new SiteProfile(site.SiteId, SamplesOf(round, site.SiteId), ProfileTensors.CopyProfile(view)));
            }
            result = mean.Complete();
        }
        else
        {
            var views = new Dictionary<string, WeightsView>(StringComparer.Ordinal);
            foreach (var site in plan.Included)
            {
                var view = await LoadAsync(round, site.SiteId, cancellationToken);
                views[site.SiteId] = ProfileTensors.Network(view);
                profiles.Add(new SiteProfile(site.SiteId, SamplesOf(round, site.SiteId), ProfileTensors.CopyProfile(view)));
            }
            result = Aggregator.Aggregate(plan, global, views, state);
        }

        var included = result.Sites.Where(d => d.Included).Select(d => d.SiteId).ToHashSet(StringComparer.Ordinal);
        var profile = ProfileTensors.Pool([.. profiles.Where(p => included.Contains(p.SiteId))], ProfileTensors.CopyProfile(globalFile));
        int version = m.LatestVersion + 1;
        var weights = new WeightSet(result.Weights.ToWeightSet().Concat(profile.Tensors));
        var file = SafeTensors.ToBytes(weights, new WeightMetadata(round.ArchitectureId, version.ToString(CultureInfo.InvariantCulture), round.RoundId.ToString(), "aggregation"));
        var candidateBlob = await blobs.PutAsync(file, cancellationToken);

        var ifPublished = (await blobs.PutAsync(result.State.ToBytes(), cancellationToken)).Sha256;
        string? ifRejected = null;
        if (result.Privacy is not null)
        {
            // The previous optimizer state with this round's privacy ledger: its noise was spent once the candidate left the hub.
            var previous = stateBytes is null ? ServerState.CreateInitial() : ServerState.FromBytes(stateBytes);
            var kept = ServerState.Next(previous.Optimizer, previous.Rounds, result.State.Privacy, previous.Consume());
            ifRejected = (await blobs.PutAsync(kept.ToBytes(), cancellationToken)).Sha256;
        }

        var strategy = settings.Strategy.ToString() + (settings.KeepsNormalisationLocal && settings.Strategy != StrategyKind.FedBN ? "+FedBN" : "") + (settings.Privacy is not null ? "+DP" : "");
        var shares = result.Sites.Select(d => new SiteShare(d.SiteId, d.Included, d.Share, d.ClipFactor, double.IsFinite(d.DeltaNorm) ? d.DeltaNorm : null, d.Reason)).ToList();
        var privacy = result.Privacy is { } p ? new PrivacyFigures(p.NoiseMultiplier, p.ClipNorm, p.Sites, p.NoiseStdDev, p.Rounds, p.Epsilon, p.Delta) : null;
        var now = time.GetUtcNow();
        var candidate = new RoundCandidate(version, candidateBlob.Sha256, candidateBlob.Length, strategy, ifPublished, ifRejected, shares, profile.Sites, privacy,
            [.. result.Notes, .. profile.Notes], now);
        var figures = round.Updates.Select(u => new SiteVersionFigures(u.SiteId, u.TrainingSamples, u.ValidationSamples,
            shares.FirstOrDefault(x => x.SiteId == u.SiteId && x.Included)?.Share ?? 0, u.Metrics, null, null, null)).ToList();
        var record = new ModelVersion(round.ModelId, version, VersionStatus.Candidate, [round.BaseVersion], round.RoundId, round.RoundNumber, strategy,
            [.. shares.Where(x => x.Included).Select(x => x.SiteId)], figures, candidateBlob.Sha256, candidateBlob.Length, round.ArchitectureId, round.Task, round.Labels,
            ifPublished, privacy, null, null, [], now);
        AggregationLog.CandidateBuilt(logger, round.RoundId, version, strategy, included.Count, clock.Elapsed.TotalSeconds);
        return new CandidateBuild(candidate, record, null);
    }

    private async Task<WeightsView> LoadAsync(TrainingRound round, string siteId, CancellationToken cancellationToken)
    {
        var update = round.Updates.First(u => u.SiteId == siteId);
        return WeightsView.FromSafeTensors(await claims.ResolveAsync(new ModelWeights(update.WeightsSha256, update.SizeBytes, null), cancellationToken));
    }

    private static long SamplesOf(TrainingRound round, string siteId) => round.Updates.First(u => u.SiteId == siteId).TrainingSamples;
}
