using System.Globalization;
using FedBus.BrainMri;
using FedBus.Inference.Tests.Support;
using FedBus.Learning;
using FedBus.Loop.Bench;
using FedBus.Loop.Tests;

// Usage: bench/loop/run.sh [--studies 200] [--rate 2] [--burst 64] [--mc 4] [--modes embedded,rabbitmq] [--quick]
var argsList = args.ToList();
string? Arg(string name) => argsList.IndexOf(name) is var i and >= 0 && i + 1 < argsList.Count ? argsList[i + 1] : null;
var quick = argsList.Contains("--quick");
var studies = int.Parse(Arg("--studies") ?? (quick ? "40" : "200"), CultureInfo.InvariantCulture);
var rate = double.Parse(Arg("--rate") ?? "2", CultureInfo.InvariantCulture);
var burst = int.Parse(Arg("--burst") ?? (quick ? "32" : "64"), CultureInfo.InvariantCulture);
var mc = int.Parse(Arg("--mc") ?? "4", CultureInfo.InvariantCulture);
var modes = (Arg("--modes") ?? "embedded,rabbitmq").Split(',');

TorchRuntime.Initialize(2);
Console.WriteLine($"FedBus loop benchmark: {studies} studies at {rate}/s, burst {burst}, MC passes {mc}, U-Net width 4 at 64²; load average {File.ReadAllText("/proc/loadavg").Trim()}");
var publication = SegmentationModel.Version1(LoopSite.TaskName);
var slices = BrainMriDataset.Shared.TestSplit();
byte[] Study(int i) => TestDicom.MrSlice(0, TestDicom.NewUid(), pixels: slices[i % slices.Count].Image);
var images = Enumerable.Range(0, 64).Select(i => TrainedModels.Case(slices[i % slices.Count], slices[i % slices.Count].Image).Image).ToList();

static string Ms(IReadOnlyList<double> v) => $"p50 {Stats.Percentile(v, 50),7:F1} ms  p95 {Stats.Percentile(v, 95),7:F1} ms";

var rows = new List<string>();
foreach (var mode in modes)
{
    Console.WriteLine($"\n[{mode}] starting the site");
    await using LoopSite site = mode == "embedded" ? await EmbeddedSite.StartAsync(mc) : await RabbitMqSite.StartAsync(mc);
    var run = new LoopMeasurement(site);
    await run.AdoptAsync(publication);

    // The reference first, in this process, on the same images, right before the loop runs.
    using var reference = new ComputeReference(publication, mc);
    var compute = reference.PerStudy(images.Take(Math.Min(40, images.Count)).ToList());
    var bare = reference.ImagesPerSecond(images, [1, 2, 4, 8, 16]);
    var best = bare.MaxBy(b => b.Value);
    Console.WriteLine($"  model alone per study (batch 1):   {Ms(compute)}");
    Console.WriteLine($"  bare model images/s by batch size: {string.Join(", ", bare.Select(b => $"{b.Key}: {b.Value:F1}"))}");

    var latency = await run.SteadyAsync(Enumerable.Range(0, studies).Select(Study).ToList(), rate);
    var throughput = await run.BurstAsync(Enumerable.Range(1000, burst).Select(Study).ToList());
    var added = Stats.Percentile(latency, 95) - Stats.Percentile(compute, 95);
    var goal = mode == "embedded" ? 100 : 250;
    Console.WriteLine($"  study stored → task open:          {Ms(latency)}  (n = {latency.Count})");
    Console.WriteLine($"  added by bus and services (p95 − compute p95): {added:F1} ms (goal ≤ {goal} ms: {(added <= goal ? "met" : "NOT met")})");
    Console.WriteLine($"  inference with batching: {throughput:F1} images/s = {throughput / best.Value:F2}× the bare model's best ({best.Value:F1} at batch {best.Key}; goal ≥ 0.8×: {(throughput / best.Value >= 0.8 ? "met" : "NOT met")})");
    rows.Add($"| {mode} | {latency.Count} | {Stats.Percentile(latency, 50):F0} | {Stats.Percentile(latency, 95):F0} | {Stats.Percentile(compute, 50):F0} | {Stats.Percentile(compute, 95):F0} | {added:F0} (≤ {goal}) | {throughput:F1} | {best.Value:F1} (batch {best.Key}) | {throughput / best.Value:F2} |");
}

Console.WriteLine("\nSummary (ms; markdown for docs/benchmarks.md)");
Console.WriteLine("| site | studies | latency p50 | latency p95 | compute p50 | compute p95 | added p95 (goal) | inference img/s | bare best img/s | ratio |");
Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|");
foreach (var r in rows) Console.WriteLine(r);
