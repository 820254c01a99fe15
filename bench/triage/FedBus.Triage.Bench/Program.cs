using System.Globalization;
using FedBus.Learning;
using FedBus.Triage.Bench;

// Triage quality on the brain MRI benchmark. Usage: bench/triage/run.sh [--size 64] [--tasks Classification,Segmentation,Detection] [--seed 1] [--csv DIR]
var argsList = args.ToList();
string? Arg(string name) => argsList.IndexOf(name) is var i and >= 0 && i + 1 < argsList.Count ? argsList[i + 1] : null;
var size = int.Parse(Arg("--size") ?? "64", CultureInfo.InvariantCulture);
var tasks = (Arg("--tasks") ?? "Classification,Segmentation,Detection").Split(',').Select(Enum.Parse<TaskKind>).ToList();
var csv = Arg("--csv");
var seed = int.Parse(Arg("--seed") ?? "1", CultureInfo.InvariantCulture);
if (csv is not null) Directory.CreateDirectory(csv);

TorchRuntime.Initialize(2);
Console.WriteLine($"FedBus triage benchmark: {size}², seed {seed}, tasks {string.Join(", ", tasks)}; load average {File.ReadAllText("/proc/loadavg").Trim()}");
var outcomes = TriageBenchmark.Run(tasks, size, seed, csv);

Console.WriteLine("\nSummary (held-out slices, clean + 8 scanners; goal AUROC ≥ 0.85 and ≥ 2× random precision at a 10 % budget)");
Console.WriteLine($"  {"task",-15} {"images",6} {"poor",6} {"AUROC triage",12} {"AUROC MC",9} {"prec@10%",9} {"random",7} {"ratio",6}  goal");
foreach (var o in outcomes)
{
    var set = o.Scanners;
    var auc = TaskOutcome.Auroc(set, r => r.Triage);
    var mc = TaskOutcome.Auroc(set, r => TaskOutcome.Signal(r, FedBus.Learning.Signals.TriageSignals.McEntropy));
    var p = TaskOutcome.PrecisionAtBudget(set, r => r.Triage);
    var rate = TaskOutcome.PoorRate(set);
    var met = auc >= 0.85 && p >= 2 * rate;
    Console.WriteLine($"  {o.Task,-15} {set.Count,6} {rate,6:P0} {TaskOutcome.Fmt(auc),12} {TaskOutcome.Fmt(mc),9} {p,9:F2} {rate,7:F2} {p / rate,5:F1}×  {(met ? "met" : "NOT met")}");
}
