using System.Diagnostics;
using FedBus.AppHost.Experiments.Reporting;
using FedBus.BrainMri;
using FedBus.Learning.Cases;
using FedBus.Learning.Weights;

namespace FedBus.AppHost.Experiments;

/// <summary>
/// The annotation budget question: from a small labelled set, each step labels the k most doubtful cases of the
/// unlabelled pool (or k at random), retrains from the previous weights on everything labelled so far, and scores the
/// held-out positions. Both selections start from the same weights and labelled set and train with the same seeds;
/// only the choice of cases differs.
/// </summary>
internal sealed class ActiveLearning(BenchmarkData data, ModelWorkbench bench, ExperimentSettings settings)
{
    public const string Uncertainty = "uncertainty";
    public const string Random = "random";

    /// <summary>Every site's cases with their correct labels: the radiologists answer correctly here.</summary>
    public IReadOnlyList<LabeledCase> Pool { get; } =
        data.Sites.SelectMany(s => s.Cases.Select(c => TaskLabels.Clean(c, data.Classes))).ToList();

    public int Steps => (Math.Min(settings.TriageBudget, Pool.Count) - Math.Min(settings.TriageStart, Pool.Count) + settings.TriageStep - 1) / settings.TriageStep;

    public TriageArmReport Run(string selection, ITriageScorer scorer, double target, Action<string> step, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var pool = Pool;
        var start = new DeterministicRandom(DeterministicRandom.Derive(settings.Seed, "triage-start"));
        var order = Enumerable.Range(0, pool.Count).ToList();
        start.Shuffle(order);
        var labelled = order.Take(Math.Min(settings.TriageStart, pool.Count)).ToHashSet();
        var pick = new DeterministicRandom(DeterministicRandom.Derive(settings.Seed, "triage-random-picks"));
        int budget = Math.Min(settings.TriageBudget, pool.Count);

        WeightSet weights = bench.Initial(Seeds.Derive(settings.Seed, "triage-init"));
        var curve = new List<TriagePoint>();
        for (int s = 0; ; s++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            step($"triage ({selection}): {labelled.Count} labels");
            var cases = labelled.Order().Select(i => pool[i]).ToList();
            (weights, _) = bench.Train(weights, cases, settings.TriageEpochs, Seeds.Derive(settings.Seed, $"triage-train|{s}"),
                validationFraction: 0, cancellationToken: cancellationToken);
            curve.Add(new TriagePoint(labelled.Count, bench.HeldOut(weights, data.Sites).Global));
            if (labelled.Count >= budget) break;

            var unlabelled = Enumerable.Range(0, pool.Count).Where(i => !labelled.Contains(i)).ToList();
            int k = Math.Min(settings.TriageStep, budget - labelled.Count);
            IEnumerable<int> chosen;
            if (selection == Uncertainty)
            {
                var scores = bench.With(weights, m => scorer.Score(m, unlabelled.Select(i => pool[i].Image).ToList()));
                chosen = unlabelled.Select((i, j) => (i, score: scores[j])).OrderByDescending(x => x.score).ThenBy(x => x.i).Take(k).Select(x => x.i);
            }
            else
            {
                pick.Shuffle(unlabelled);
                chosen = unlabelled.Take(k);
            }
            labelled.UnionWith(chosen.ToList());
        }
        int? reached = curve.FirstOrDefault(p => p.Metric >= target)?.Labels;
        return new TriageArmReport(selection, curve, reached, clock.Elapsed.TotalSeconds);
    }
}
