using System.CommandLine;
using FedBus.AppHost.Cli;
using Spectre.Console;

namespace FedBus.AppHost.Experiments;

/// <summary>The `experiment` verb: its options, mapped onto <see cref="ExperimentSettings"/>.</summary>
internal static class ExperimentCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var quick = new Option<bool>("--quick") { Description = "Small sizes (3 sites, every 4th slice, 2 rounds, 1 epoch): seconds, for tests and a first look; not for conclusions." };
        var seed = new Option<int?>("--seed") { Description = "Seed of the split, the scanners' noise, the models and the training order (default 1)." };
        var sites = new Option<int?>("--sites") { Description = "Number of hospitals (default 4; --quick 3)." };
        var alpha = new Option<double?>("--alpha") { Description = "Dirichlet α of the non-IID split of slice classes over sites (default 0.5; small = skewed)." };
        var rounds = new Option<int?>("--rounds") { Description = "Federated rounds (default 8). Centralised and local-only training get rounds × epochs epochs." };
        var epochs = new Option<int?>("--epochs") { Description = "Local epochs per site and round (default 2)." };
        var task = new Option<string?>("--task") { Description = "segmentation (default, Dice), classification (accuracy) or detection (mAP@0.5)." };
        task.AcceptOnlyFromAmong("segmentation", "classification", "detection");
        var size = new Option<int?>("--size") { Description = "Image edge in pixels: 32, 64 (default) or 128." };
        var robust = new Option<string?>("--robust") { Description = "The robust strategy: median (default, FedMedian), trimmed (trimmed mean, one site trimmed at each end), krum or multikrum (need ≥ 6 sites)." };
        robust.AcceptOnlyFromAmong("median", "trimmed", "krum", "multikrum");
        var mu = new Option<double?>("--mu") { Description = "FedProx μ (default 0.01)." };
        var gateTolerance = new Option<double?>("--gate-tolerance") { Description = "The gate rejects a candidate whose validation-case-weighted metric falls more than this below the current model's (default 0.01)." };
        var siteTolerance = new Option<double?>("--site-tolerance") { Description = "… or whose metric at any one site falls more than this (default 0.05)." };
        var badSite = new Option<int?>("--bad-site") { Description = "Index of the site whose labels go bad in the robustness arms (default: the last site)." };
        var corrupt = new Option<double?>("--corrupt-fraction") { Description = "Share of the bad site's labels corrupted in the 'corrupted' arms (default 0.3)." };
        var triageStart = new Option<int?>("--triage-start") { Description = "Active learning: labelled cases to start from (default 16)." };
        var triageStep = new Option<int?>("--triage-step") { Description = "Active learning: cases labelled per step (default 16)." };
        var triageBudget = new Option<int?>("--triage-budget") { Description = "Active learning: most labels spent (default 176)." };
        var triageEpochs = new Option<int?>("--triage-epochs") { Description = "Active learning: epochs of retraining per step (default 4)." };
        var target = new Option<double?>("--target") { Description = "Active learning: the metric to reach (default: 0.95 × the centralised result of the same run)." };
        var mcPasses = new Option<int?>("--mc-passes") { Description = "MC-dropout passes of the triage score (default 8)." };
        var threads = new Option<int?>("--threads") { Description = "libtorch threads, pinned for reproducibility (default 2)." };
        var data = new Option<string?>("--data") { Description = "The brain MRI benchmark folder (default: $FEDBUS_BRAIN_MRI, then data/brain-mri of this clone)." };
        var plain = new Option<bool>("--plain") { Description = "Progress as plain log lines instead of a live display." };
        var output = new Option<string?>("--out") { Description = "Folder for report.json, report.md, report.html and experiment.log (default artifacts/experiment)." };

        var command = new Command("experiment",
            "Measure the learning on the committed brain MRI benchmark, in-process (no bus): centralised, local-only, " +
            "FedAvg / FedProx / a robust strategy, uncertainty triage vs random labelling, and one bad site (1-based or " +
            "corrupted labels) with and without QC, gated like the hub gates a candidate.")
        {
            quick, seed, sites, alpha, rounds, epochs, task, size, robust, mu, gateTolerance, siteTolerance, badSite, corrupt,
            triageStart, triageStep, triageBudget, triageEpochs, target, mcPasses, threads, data, plain, output,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var start = parse.GetValue(quick) ? ExperimentSettings.QuickRun : ExperimentSettings.FullRun;
            var settings = start with
            {
                Seed = parse.GetValue(seed) ?? start.Seed,
                Sites = parse.GetValue(sites) ?? start.Sites,
                Alpha = parse.GetValue(alpha) ?? start.Alpha,
                Rounds = parse.GetValue(rounds) ?? start.Rounds,
                LocalEpochs = parse.GetValue(epochs) ?? start.LocalEpochs,
                Task = parse.GetValue(task) is { } t ? Enum.Parse<ExperimentTask>(t, ignoreCase: true) : start.Task,
                Size = parse.GetValue(size) ?? start.Size,
                Robust = parse.GetValue(robust) is { } r ? Enum.Parse<RobustStrategy>(r, ignoreCase: true) : start.Robust,
                ProximalMu = parse.GetValue(mu) ?? start.ProximalMu,
                GateTolerance = parse.GetValue(gateTolerance) ?? start.GateTolerance,
                SiteTolerance = parse.GetValue(siteTolerance) ?? start.SiteTolerance,
                BadSite = parse.GetValue(badSite) ?? start.BadSite,
                CorruptFraction = parse.GetValue(corrupt) ?? start.CorruptFraction,
                TriageStart = parse.GetValue(triageStart) ?? start.TriageStart,
                TriageStep = parse.GetValue(triageStep) ?? start.TriageStep,
                TriageBudget = parse.GetValue(triageBudget) ?? start.TriageBudget,
                TriageEpochs = parse.GetValue(triageEpochs) ?? start.TriageEpochs,
                Target = parse.GetValue(target) ?? start.Target,
                McPasses = parse.GetValue(mcPasses) ?? start.McPasses,
                Threads = parse.GetValue(threads) ?? start.Threads,
                DataDirectory = parse.GetValue(data) ?? start.DataDirectory,
                OutputDirectory = parse.GetValue(output) ?? start.OutputDirectory,
            };
            settings.Validate();
            var commandLine = string.Join(' ', parse.Tokens.Select(t => t.Value));
            var run = new ExperimentRun(settings, commandLine, console, parse.GetValue(plain));
            await run.ExecuteAsync(cancellationToken);
            return ExitCodes.Ok;
        });
        return command;
    }
}
