using System.Diagnostics;
using System.Globalization;
using FedBus.Learning;
using FedBus.Learning.Cases;
using FedBus.Learning.Predictions;
using FedBus.Learning.Training;
using TorchSharp;
using static TorchSharp.torch;

// U-Net train step (batch 8×1×128², Adam, Dice+CE) and MC-dropout latency, TorchSharp vs PyTorch in one run.
// Usage: dotnet run -c Release --project bench/learning/FedBus.Learning.Bench [-- --steps 30 --threads 2 --no-python]
var argsList = args.ToList();
int Arg(string name, int fallback) => argsList.IndexOf(name) is var i and >= 0 ? int.Parse(argsList[i + 1], CultureInfo.InvariantCulture) : fallback;
int threads = Arg("--threads", 2), steps = Arg("--steps", 30), warmup = Arg("--warmup", 5), size = Arg("--size", 128), batch = Arg("--batch", 8);
bool runPython = !argsList.Contains("--no-python");

TorchRuntime.Initialize(threads);
Console.WriteLine($"TorchSharp U-Net bench: {threads} threads, batch {batch}×1×{size}², {warmup} warm-up + {steps} timed steps; malloc tuned: {TorchRuntime.MallocTuned}, NNPACK off: {TorchRuntime.NnpackDisabled}");

var spec = new UNetSpec();
using var model = spec.CreateModel(seed: 1);
Console.WriteLine($"architecture {spec.ArchitectureId}: {model.ParameterCount} parameters");
var network = model.Network;
var rng = new Random(7);
var images = new float[batch * size * size];
var masks = new long[batch * size * size];
for (int i = 0; i < images.Length; i++) { images[i] = (float)rng.NextDouble(); masks[i] = images[i] > 0.5 ? 1 : 0; }
using var x = tensor(images, [batch, 1, size, size]);
using var y = tensor(masks, [batch, size, size]);
using var optimizer = optim.Adam(network.parameters(), 1e-3);

var cpuTimes = new List<double>();
var self = Process.GetCurrentProcess();
double TrainStepMs()
{
    network.train();
    self.Refresh();
    var cpu0 = self.TotalProcessorTime;
    var sw = Stopwatch.StartNew();
    using var scope = NewDisposeScope();
    optimizer.zero_grad();
    var output = network.forward(x);
    var ce = nn.functional.cross_entropy(output, y);
    var probs = nn.functional.softmax(output, 1).narrow(1, 1, 1);
    var truth = y.unsqueeze(1).to_type(ScalarType.Float32);
    var dice = probs.mul(truth).sum().mul(2).add(1e-5).div(probs.sum().add(truth.sum()).add(1e-5));
    var loss = ce.add(dice.neg().add(1));
    loss.backward();
    optimizer.step();
    _ = loss.item<float>();
    var wall = sw.Elapsed.TotalMilliseconds;
    self.Refresh();
    cpuTimes.Add((self.TotalProcessorTime - cpu0).TotalMilliseconds);
    return wall;
}

for (int i = 0; i < warmup; i++) TrainStepMs();
cpuTimes.Clear();
var stepTimes = Enumerable.Range(0, steps).Select(_ => TrainStepMs()).ToArray();
double oursStep = Median(stepTimes), oursCpu = Median(cpuTimes.ToArray());

// Inference + MC-dropout (8 passes as one batch) of one 128² slice, through the public API.
var slice = new ImageSlice(size, size, images.AsSpan(0, size * size).ToArray());
for (int i = 0; i < 3; i++) model.Predict([slice]);
var mcTimes = Enumerable.Range(0, 20).Select(_ => { var sw = Stopwatch.StartNew(); model.Predict([slice], PredictionOptions.Default); return sw.Elapsed.TotalMilliseconds; }).ToArray();
var detTimes = Enumerable.Range(0, 20).Select(_ => { var sw = Stopwatch.StartNew(); model.Predict([slice], PredictionOptions.Deterministic); return sw.Elapsed.TotalMilliseconds; }).ToArray();
double oursMc = Median(mcTimes), oursSingle = Median(detTimes);

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"TorchSharp  train step  median {oursStep,7:F1} ms  (min {stepTimes.Min():F1}, max {stepTimes.Max():F1})"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"TorchSharp  train step CPU time median {oursCpu:F1} ms"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"TorchSharp  inference   1 pass {oursSingle,7:F1} ms;  MC-dropout 8 passes {oursMc,7:F1} ms (one 1×{size}² slice, end to end incl. uncertainty)"));
Console.WriteLine($"peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / (1024 * 1024)} MiB");

if (runPython)
{
    var script = Path.Combine(AppContext.BaseDirectory, "unet_bench.py");
    var psi = new ProcessStartInfo("/usr/bin/python3", $"{script} --threads {threads} --steps {steps} --warmup {warmup} --size {size} --batch {batch}")
    { RedirectStandardOutput = true, UseShellExecute = false };
    psi.Environment.Remove("MALLOC_MMAP_THRESHOLD_");
    psi.Environment.Remove("MALLOC_TRIM_THRESHOLD_");
    using var py = Process.Start(psi)!;
    var lines = new List<string>();
    while (py.StandardOutput.ReadLine() is { } line) { Console.WriteLine("  " + line); lines.Add(line); }
    py.WaitForExit();
    var result = lines.LastOrDefault(l => l.StartsWith("RESULT ", StringComparison.Ordinal))
        ?? throw new InvalidOperationException($"PyTorch script exited {py.ExitCode} without a RESULT line.");
    var fields = result[7..].Split(' ').Select(f => f.Split('=')).ToDictionary(f => f[0], f => double.Parse(f[1], CultureInfo.InvariantCulture));
    double pyStep = fields["step_ms"], pyMc = fields["mc8_ms"], pyCpu = fields["step_cpu_ms"];
    Console.WriteLine();
    Console.WriteLine("| measurement (2 threads) | TorchSharp 0.107 | PyTorch 1.13.1 | ratio ours/theirs |");
    Console.WriteLine("|---|---|---|---|");
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| U-Net train step, batch {batch}×1×{size}² | {oursStep:F1} ms | {pyStep:F1} ms | {oursStep / pyStep:F2}× |"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| same, CPU time per step (both threads) | {oursCpu:F1} ms | {pyCpu:F1} ms | {oursCpu / pyCpu:F2}× |"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| MC-dropout 8 passes, one {size}² slice | {oursMc:F1} ms | {pyMc:F1} ms | {oursMc / pyMc:F2}× |"));
}

static double Median(double[] v)
{
    var s = v.OrderBy(d => d).ToArray();
    return s.Length % 2 == 1 ? s[s.Length / 2] : (s[s.Length / 2 - 1] + s[s.Length / 2]) / 2;
}
