using System.CommandLine;
using FedBus.AppHost.Cli;
using FedBus.AppHost.Experiments;
using Spectre.Console;

namespace FedBus.AppHost.Demo;

/// <summary>The `demo` verb: its options, mapped onto <see cref="DemoSettings"/>.</summary>
internal static class DemoCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var sites = new Option<int?>("--sites") { Description = "Hospitals, each with its PACS, radiologists and site services (default 3, 2..8)." };
        var rounds = new Option<int?>("--rounds") { Description = "Federated rounds the hub runs (default 5; --quick 2). One wave of studies before round 1 and one after each round." };
        var task = new Option<string?>("--task") { Description = "segmentation (default, brain extraction, Dice), classification (slice level, accuracy) or detection (structures, mAP@0.5)." };
        task.AcceptOnlyFromAmong("segmentation", "classification", "detection");
        var strategy = new Option<string?>("--strategy") { Description = "The hub's aggregation strategy: FedAvg (default), FedAvgM, FedProx, FedAdam, FedYogi, FedAdagrad, FedMedian, TrimmedMean, Krum, MultiKrum (Krum and MultiKrum need --sites 5 or more)." };
        var triage = new Option<string?>("--triage") { Description = "How annotation-request picks images for radiologists: uncertainty (default), random (the baseline) or diverse (uncertainty without near-duplicates)." };
        triage.AcceptOnlyFromAmong([.. DemoSettings.TriageStrategies]);
        var budget = new Option<int?>("--budget") { Description = "Tasks a site may open per day (paced over the day); default: every doubtful result opens a task." };
        var auditRate = new Option<double?>("--audit-rate") { Description = "Share of confident results sent to two radiologists as audit samples (default 0.05)." };
        var seed = new Option<int?>("--seed") { Description = "Seed of the data split, the scanners' noise, version 1 and the radiologists' noise (default 1)." };
        var studies = new Option<int?>("--studies") { Description = "Studies each PACS sends per wave (default 3 of 5 slices; --quick 2 of 4). The benchmark gives each site about 120 slices." };
        var badSite = new Option<int?>("--bad-site") { Description = "Index of the site whose radiologist dr-1 makes systematic errors (1-based labels, an out-of-range class); default the last site." };
        var threads = new Option<int?>("--threads") { Description = "libtorch threads, pinned (default 2)." };
        var data = new Option<string?>("--data") { Description = "The brain MRI benchmark folder (default: $FEDBUS_BRAIN_MRI, then data/brain-mri of this clone)." };
        var output = new Option<string?>("--out") { Description = "Folder for report.json, report.html, demo.log, the services' logs and stores (default artifacts/demo)." };
        var quick = new Option<bool>("--quick") { Description = "A short run (2 rounds, 2 studies of 4 slices per wave, tiny version 1): for tests and a first look, not for conclusions." };
        var plain = new Option<bool>("--plain") { Description = "Progress as plain log lines instead of the live display." };

        var command = new Command("demo",
            "Run a whole federation in this process: N hospitals and the hub, each its own web host with its own in-memory bus, LiteDB and " +
            "blob store, a gateway in front, joined by the site↔hub link; per hospital a PACS sending real DICOM MR studies and radiologists " +
            "working the worklist; between waves the hub runs a federated round (local training, aggregation, the validation gate) and " +
            "publishes the new version to every site's inference.")
        {
            sites, rounds, task, strategy, triage, budget, auditRate, seed, studies, badSite, threads, data, output, quick, plain,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var start = parse.GetValue(quick) ? DemoSettings.QuickRun : DemoSettings.FullRun;
            var settings = start with
            {
                Sites = parse.GetValue(sites) ?? start.Sites,
                Rounds = parse.GetValue(rounds) ?? start.Rounds,
                Task = parse.GetValue(task) is { } t ? Enum.Parse<ExperimentTask>(t, ignoreCase: true) : start.Task,
                Strategy = parse.GetValue(strategy) ?? start.Strategy,
                Triage = parse.GetValue(triage) ?? start.Triage,
                Budget = parse.GetValue(budget) ?? start.Budget,
                AuditRate = parse.GetValue(auditRate) ?? start.AuditRate,
                Seed = parse.GetValue(seed) ?? start.Seed,
                StudiesPerWave = parse.GetValue(studies) ?? start.StudiesPerWave,
                BadSite = parse.GetValue(badSite) ?? start.BadSite,
                Threads = parse.GetValue(threads) ?? start.Threads,
                DataDirectory = parse.GetValue(data) ?? start.DataDirectory,
                OutputDirectory = parse.GetValue(output) ?? start.OutputDirectory,
            };
            settings.Validate();
            var commandLine = string.Join(' ', parse.Tokens.Select(x => x.Value));
            var run = new DemoRun(settings, commandLine, console, parse.GetValue(plain));
            await run.ExecuteAsync(cancellationToken);
            return ExitCodes.Ok;
        });
        return command;
    }
}
