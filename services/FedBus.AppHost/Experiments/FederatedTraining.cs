using System.Diagnostics;
using System.Globalization;
using FedBus.AppHost.Experiments.Reporting;
using FedBus.Aggregation.Strategies;
using FedBus.Learning.Cases;
using FedBus.Learning.Training;
using FedBus.Learning.Weights;

namespace FedBus.AppHost.Experiments;

/// <summary>
/// Federated rounds as the services run them, without the bus: every site trains from the global weights on all its
/// accepted cases (its validation pool fixed by <see cref="CaseSplit"/>), the hub plans and aggregates with the pure
/// strategies (services/FedBus.Aggregation/Strategies), every site scores the candidate and the current model on its
/// validation pool, and the <see cref="ValidationGate"/> publishes or keeps the current model.
/// </summary>
internal sealed class FederatedTraining(BenchmarkData data, ModelWorkbench bench, ExperimentSettings settings)
{
    public const double ValidationFraction = 0.2;

    public ArmReport Run(FederatedArm arm, WeightSet start, Action<string> step, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var gate = new ValidationGate(settings.GateTolerance, settings.SiteTolerance);
        var (sites, qc) = Datasets(arm);
        var validation = sites.ToDictionary(s => s.SiteId, s => CaseSplit.Partition(s.Cases, ValidationFraction).Validation, StringComparer.Ordinal);

        var global = start;
        // A round consumes the server state it is given: each round starts from the last published one.
        byte[]? publishedState = null;
        var rounds = new List<RoundReport>();
        for (int round = 1; round <= settings.Rounds; round++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            step($"{arm.Name}: round {round}/{settings.Rounds}");
            var updates = new List<SiteUpdate>();
            var leftOut = new SortedDictionary<string, string>(StringComparer.Ordinal);
            foreach (var site in sites)
            {
                var (train, _) = CaseSplit.Partition(site.Cases, ValidationFraction);
                if (train.Count == 0)
                {
                    leftOut[site.SiteId] = site.Cases.Count == 0 ? "no accepted cases" : "no cases in its training split";
                    continue;
                }
                var (weights, _) = bench.Train(global, site.Cases, settings.LocalEpochs,
                    Seeds.Derive(settings.Seed, $"local|{round}|{site.SiteId}"), ValidationFraction, arm.ProximalMu, cancellationToken);
                updates.Add(new SiteUpdate(site.SiteId, train.Count, WeightsView.Of(weights)));
            }

            var globalView = WeightsView.Of(global);
            var submissions = updates.Select(u => new SiteSubmission(u.SiteId, u.SampleCount, UpdateInspector.Inspect(globalView, u.Weights))).ToList();
            var plan = RoundPlanner.Plan(Settings(arm, updates.Count), globalView.Layout, submissions);
            foreach (var d in plan.Sites.Where(d => !d.Included))
                leftOut[d.SiteId] = d.Reason ?? "left out";
            if (!plan.CanAggregate)
            {
                var held = bench.HeldOut(global, data.Sites);
                rounds.Add(new RoundReport(round, "not-aggregated", plan.Blocker, double.NaN, double.NaN, [], double.NaN, held.Global, held.Sites, [], leftOut));
                continue;
            }
            var state = publishedState is null ? null : ServerState.FromBytes(publishedState);
            var result = Aggregator.Aggregate(plan, globalView, updates.ToDictionary(u => u.SiteId, u => u.Weights, StringComparer.Ordinal), state);
            foreach (var d in result.Sites.Where(d => !d.Included))
                leftOut[d.SiteId] = d.Reason ?? "left out";
            var candidate = result.Weights.ToWeightSet();

            var scores = sites.Where(s => validation[s.SiteId].Count > 0)
                .Select(s => new SiteScore(s.SiteId, validation[s.SiteId].Count,
                    bench.Evaluate(candidate, validation[s.SiteId]), bench.Evaluate(global, validation[s.SiteId])))
                .ToList();
            var decision = gate.Decide(scores);
            var candidateHeldOut = bench.HeldOut(candidate, data.Sites);
            if (decision.Published)
            {
                global = candidate;
                publishedState = result.State.ToBytes();
            }
            var after = decision.Published ? candidateHeldOut : bench.HeldOut(global, data.Sites);
            rounds.Add(new RoundReport(round, decision.Outcome, decision.Reason, decision.CandidateMetric, decision.CurrentMetric, scores,
                candidateHeldOut.Global, after.Global, after.Sites, [.. result.Sites.Where(d => d.Included).Select(d => d.SiteId)], leftOut));
        }

        var final = bench.HeldOut(global, data.Sites);
        var bad = arm.Bad is null ? null : data.Sites[settings.BadSiteIndex].SiteId;
        return new ArmReport(arm.Name, "federated", final.Global, final.Sites, Strategy: StrategyName(arm.Strategy), BadSite: bad,
            BadLabels: arm.Bad is { } b ? LabelsName(b) : null, Qc: arm.Bad is null ? null : arm.Qc, Epochs: settings.Rounds * settings.LocalEpochs,
            Rounds: rounds, QcScreen: qc, Seconds: clock.Elapsed.TotalSeconds);
    }

    public static string LabelsName(BadLabels b) => b == BadLabels.OneBased ? "one-based" : "corrupted";

    public static string StrategyName(StrategyKind s) => s switch
    {
        StrategyKind.FedAvg => "FedAvg",
        StrategyKind.FedProx => "FedProx",
        StrategyKind.FedMedian => "FedMedian",
        StrategyKind.TrimmedMean => "TrimmedMean",
        StrategyKind.Krum => "Krum",
        StrategyKind.MultiKrum => "MultiKrum",
        _ => s.ToString(),
    };

    /// <summary>
    /// The hub's settings for a round of <paramref name="updates"/> updates. The norm outlier screen is off in every arm,
    /// so that "FedAvg" is plain FedAvg and the robust strategy is the only defence measured.
    /// </summary>
    private static AggregationSettings Settings(FederatedArm arm, int updates) => arm.Strategy switch
    {
        // ⌊β·K⌋ = 1: one value trimmed at each end, whatever K is this round.
        StrategyKind.TrimmedMean => new AggregationSettings { Strategy = arm.Strategy, NormOutliers = null, TrimFraction = Math.Min(0.49, 1.0 / Math.Max(1, updates) + 1e-9) },
        StrategyKind.Krum or StrategyKind.MultiKrum => new AggregationSettings { Strategy = arm.Strategy, NormOutliers = null, ByzantineSites = 1 },
        _ => new AggregationSettings { Strategy = arm.Strategy, NormOutliers = null, ProximalMu = arm.ProximalMu },
    };

    /// <summary>Every site's accepted cases for this arm: clean, or the bad site's labels after corruption and (if on) QC.</summary>
    private (List<(string SiteId, IReadOnlyList<LabeledCase> Cases)> Sites, QcReport? Qc) Datasets(FederatedArm arm)
    {
        var sites = new List<(string, IReadOnlyList<LabeledCase>)>();
        QcReport? qc = null;
        foreach (var site in data.Sites)
        {
            IReadOnlyList<SubmittedLabel> labels = arm.Bad is { } bad && site.Index == settings.BadSiteIndex
                ? LabelCorruption.Apply(site, bad, settings, data.Classes)
                : LabelCorruption.Clean(site);
            if (arm.Bad is not null && site.Index == settings.BadSiteIndex)
            {
                var outcome = QcScreen.Screen(labels, settings.Task, data.ClassNames);
                qc = new QcReport(site.SiteId, labels.Count, labels.Count(l => l.IsCorrupted), outcome.Accepted.Count, outcome.RejectedByReason,
                    outcome.CaughtByCorruption, outcome.MissedByCorruption, outcome.CleanRejected);
                if (arm.Qc) labels = outcome.Accepted;
            }
            sites.Add((site.SiteId, labels.Select(l => TaskLabels.Case(l.Case, l.Label, data.Classes)).ToList()));
        }
        return (sites, qc);
    }

    internal static string Percent(double v) => v.ToString("P1", CultureInfo.InvariantCulture);
}
