using FedBus.AppHost.Experiments.Reporting;
using FedBus.Aggregation.Strategies;
using FedBus.Learning;
using Spectre.Console;

namespace FedBus.AppHost.Experiments;

/// <summary>
/// One `experiment`: prepares the benchmark, trains version 1 (every arm's start), then centralised, local-only,
/// the federated arms and the triage loop, and writes the report. Sequential and seeded: the numbers repeat for a seed
/// and thread count.
/// </summary>
internal sealed class ExperimentRun(ExperimentSettings settings, string commandLine, IAnsiConsole console, bool plain)
{
    public const string FedAvg = "FedAvg";
    public const string FedProx = "FedProx";

    public async Task<ExperimentReport> ExecuteAsync(CancellationToken cancellationToken)
    {
        var startedAt = DateTimeOffset.UtcNow;
        var output = Path.GetFullPath(settings.OutputDirectory);
        try
        {
            Directory.CreateDirectory(output);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"cannot create the output folder {output}: {e.Message}", e);
        }
        var log = new StreamWriter(Path.Combine(output, "experiment.log"), append: false);
        using var progress = new ExperimentProgress(console, log, live: !plain && console.Profile.Capabilities.Interactive);
        progress.Note($"FedBus.AppHost {commandLine}");
        TorchRuntime.Initialize(settings.Threads);

        progress.Note("Loading the brain MRI benchmark and dealing it out to the sites");
        var data = BenchmarkData.Prepare(settings);
        foreach (var s in data.Sites)
            progress.Note($"  {s.SiteId}: scanner {s.Scanner}, {s.Cases.Count} labelled slices, {s.HeldOut.Count} held-out");

        var robust = settings.Robust switch
        {
            RobustStrategy.Trimmed => StrategyKind.TrimmedMean,
            RobustStrategy.Krum => StrategyKind.Krum,
            RobustStrategy.MultiKrum => StrategyKind.MultiKrum,
            _ => StrategyKind.FedMedian,
        };
        string robustName = FederatedTraining.StrategyName(robust);
        var arms = new List<FederatedArm>
        {
            new(FedAvg, StrategyKind.FedAvg),
            new(FedProx, StrategyKind.FedProx, settings.ProximalMu),
            new(robustName, robust),
        };
        foreach (var bad in new[] { BadLabels.OneBased, BadLabels.Corrupted })
            foreach (var qc in new[] { false, true })
                foreach (var strategy in new[] { StrategyKind.FedAvg, robust })
                    arms.Add(new FederatedArm($"{FederatedTraining.StrategyName(strategy)} · {FederatedTraining.LabelsName(bad)} site{(qc ? " · QC" : "")}",
                        strategy, Bad: bad, Qc: qc));

        using var bench = new ModelWorkbench(data.Spec, settings);
        var triage = new ActiveLearning(data, bench, settings);
        int totalSteps = 1 + 1 + data.Sites.Count + arms.Count * settings.Rounds + 2 * (triage.Steps + 1);
        var reports = new List<ArmReport>();
        TriageReport? triageReport = null;
        int epochs = settings.Rounds * settings.LocalEpochs;

        progress.Run(totalSteps, () =>
        {
            progress.Step($"version 1: {settings.FoundingCases} cases of {data.Sites[0].SiteId}, {settings.FoundingEpochs} epochs");
            var founding = data.Sites[0].Cases.Take(settings.FoundingCases).Select(c => TaskLabels.Clean(c, data.Classes)).ToList();
            var (v1, _) = bench.Train(bench.Initial(Seeds.Derive(settings.Seed, "v1-init")), founding, settings.FoundingEpochs,
                Seeds.Derive(settings.Seed, "v1"), validationFraction: 0, cancellationToken: cancellationToken);
            reports.Add(Arm("version 1 (start of every arm)", "initial", bench.HeldOut(v1, data.Sites), settings.FoundingEpochs));

            progress.Step($"centralised: every site's slices pooled, {epochs} epochs");
            var pooled = data.Sites.SelectMany(s => s.Cases.Select(c => TaskLabels.Clean(c, data.Classes))).ToList();
            var (central, _) = bench.Train(v1, pooled, epochs, Seeds.Derive(settings.Seed, "central"), FederatedTraining.ValidationFraction,
                cancellationToken: cancellationToken);
            var centralScore = bench.HeldOut(central, data.Sites);
            reports.Add(Arm("centralised", "centralised", centralScore, epochs));
            progress.Note($"  centralised: held-out {bench.MetricName} {centralScore.Global:F4}");

            foreach (var site in data.Sites)
            {
                progress.Step($"local only: {site.SiteId}, {epochs} epochs");
                var own = site.Cases.Select(c => TaskLabels.Clean(c, data.Classes)).ToList();
                var (local, _) = bench.Train(v1, own, epochs, Seeds.Derive(settings.Seed, $"local-only|{site.SiteId}"),
                    FederatedTraining.ValidationFraction, cancellationToken: cancellationToken);
                reports.Add(Arm($"local only: {site.SiteId}", "local", bench.HeldOut(local, data.Sites), epochs));
            }

            var federation = new FederatedTraining(data, bench, settings);
            foreach (var arm in arms)
            {
                var report = federation.Run(arm, v1, progress.Step, cancellationToken);
                reports.Add(report);
                progress.Note($"  {arm.Name}: held-out {report.HeldOutMetric:F4}, gate published {report.RoundsPublished}/{settings.Rounds}");
            }

            double target = settings.Target ?? Math.Round(settings.TargetFraction * centralScore.Global, 4);
            string targetSource = settings.Target is null ? $"{settings.TargetFraction:0.##} × centralised ({centralScore.Global:F4})" : "--target";
            var scorer = new McDropoutTriage(settings.McPasses, Seeds.Derive(settings.Seed, "triage-mc"));
            var triageArms = new[] { ActiveLearning.Uncertainty, ActiveLearning.Random }
                .Select(selection => triage.Run(selection, scorer, target, progress.Step, cancellationToken)).ToList();
            triageReport = TriageSummary(scorer.Name, target, targetSource, triage.Pool.Count, triageArms);
        });

        var (anchors, notes) = AnchorChecks.Evaluate(reports, triageReport!, settings, robustName);
        var report = new ExperimentReport("experiment", commandLine, settings.Task.ToString().ToLowerInvariant(), bench.MetricName,
            settings.Seed, settings.Size, settings.Rounds, settings.LocalEpochs, robustName, settings.GateTolerance, settings.SiteTolerance,
            data.Sites[settings.BadSiteIndex].SiteId, settings.CorruptFraction, settings.Quick, settings.Threads,
            [.. data.Sites.Select(s => new SiteSummary(s.SiteId, s.Scanner, s.Cases.Count, s.HeldOut.Count))],
            reports, triageReport!, anchors, notes, startedAt, progress.Elapsed.TotalSeconds);
        await ReportWriter.WriteAsync(report, output, cancellationToken);
        ConsoleSummary.Write(console, report, output);
        progress.Note($"Done in {progress.Elapsed.TotalMinutes:F1} min; report in {output}");
        return report;

        static ArmReport Arm(string name, string kind, HeldOutScore score, int epochs) =>
            new(name, kind, score.Global, score.Sites, Epochs: epochs);
    }

    private TriageReport TriageSummary(string scorer, double target, string targetSource, int pool, IReadOnlyList<TriageArmReport> arms)
    {
        var u = arms.Single(a => a.Selection == ActiveLearning.Uncertainty);
        var r = arms.Single(a => a.Selection == ActiveLearning.Random);
        int budget = Math.Min(settings.TriageBudget, pool);
        double? ratio = u.LabelsToTarget is { } byTriage && r.LabelsToTarget is { } byRandom ? (double)byTriage / byRandom : null;
        string bound = (u.LabelsToTarget, r.LabelsToTarget) switch
        {
            ({ } nu, { } nr) => $"triage {nu} labels vs random {nr}",
            ({ } nu, null) => $"triage {nu} labels; random did not reach the target within {budget}, so the ratio is below {(double)nu / budget:0.##}",
            (null, { } nr) => $"random {nr} labels; triage did not reach the target within {budget}",
            _ => $"neither reached the target within {budget} labels",
        };
        return new TriageReport(scorer, target, targetSource, pool, Math.Min(settings.TriageStart, pool), settings.TriageStep, budget, arms, ratio, bound);
    }

}
