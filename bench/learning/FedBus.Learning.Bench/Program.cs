using System.Diagnostics;
using System.Globalization;
using FedBus.Learning;
using FedBus.Learning.Bench;
using FedBus.Learning.Cases;
using FedBus.Learning.Predictions;
using FedBus.Learning.Training;
using FedBus.Learning.Weights;
using TorchSharp;
using static TorchSharp.torch;

// U-Net train step (batch 8×1×128², Adam, Dice+CE) and MC-dropout latency: TorchSharp vs PyTorch 1.13.1
// (Debian) on the same architecture in the same run. Blocks of our steps alternate with blocks of
// PyTorch's (a --serve child process) so all sides see the same machine load.
// Usage: dotnet run -c Release --project bench/learning/FedBus.Learning.Bench [-- --rounds 6 --block 5 --threads 2 --spin --tasks]
var argsList = args.ToList();
int Arg(string name, int fallback) => argsList.IndexOf(name) is var i and >= 0 ? int.Parse(argsList[i + 1], CultureInfo.InvariantCulture) : fallback;
int threads = Arg("--threads", 2), rounds = Arg("--rounds", 6), block = Arg("--block", 5), size = Arg("--size", 128), batch = Arg("--batch", 8);
bool spin = argsList.Contains("--spin");

TorchRuntime.Initialize(threads, passiveOpenMpWait: !spin);
Console.WriteLine($"FedBus.Learning bench: {threads} threads; malloc tuned: {TorchRuntime.MallocTuned}; " +
                  $"OMP_WAIT_POLICY: {TorchRuntime.OpenMpWaitPolicy ?? "(libgomp default: spin)"}; NNPACK off: {TorchRuntime.NnpackDisabled}");
Console.WriteLine($"load average at start: {File.ReadAllText("/proc/loadavg").Trim()}");

if (argsList.Contains("--tasks"))
{
    TaskBenchmark.Run();
    return;
}

var spec = new UNetSpec();
using var model = spec.CreateModel(seed: 1);
var network = model.Network;
Console.WriteLine($"architecture {spec.ArchitectureId}: {model.ParameterCount} parameters; batch {batch}×1×{size}²; {rounds} rounds × {block} steps per side");
var rng = new Random(7);
var images = new float[batch * size * size];
var masks = new long[batch * size * size];
for (int i = 0; i < images.Length; i++) { images[i] = (float)rng.NextDouble(); masks[i] = images[i] > 0.5 ? 1 : 0; }
using var x = tensor(images, [batch, 1, size, size]);
using var y = tensor(masks, [batch, size, size]);
using var optimizer = optim.Adam(network.parameters(), 1e-3);
var self = Process.GetCurrentProcess();

(double Wall, double Cpu) Timed(Action action)
{
    self.Refresh();
    var cpu0 = self.TotalProcessorTime;
    var sw = Stopwatch.StartNew();
    action();
    var wall = sw.Elapsed.TotalMilliseconds;
    self.Refresh();
    return (wall, (self.TotalProcessorTime - cpu0).TotalMilliseconds);
}

void TrainStep()
{
    network.train();
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
}

// Inference + MC-dropout (8 passes as one batch) of one slice through the public API, uncertainty included.
var slice = new ImageSlice(size, size, images.AsSpan(0, size * size).ToArray());
void McPredict() => model.Predict([slice], PredictionOptions.Default);
void SinglePredict() => model.Predict([slice], PredictionOptions.Deterministic);

using var plain = new PyTorchServer(tuned: false, threads, size, batch);
using var tuned = new PyTorchServer(tuned: true, threads, size, batch);
Console.WriteLine($"PyTorch children: {plain.Banner} (default environment) and the same with our tuning (malloc thresholds, OMP_WAIT_POLICY={TorchRuntime.OpenMpWaitPolicy ?? "unset"})");

for (int i = 0; i < 3; i++) { TrainStep(); McPredict(); }
plain.Run("train", 3); tuned.Run("train", 3); plain.Run("mc", 3); tuned.Run("mc", 3);

var ours = new List<(double Wall, double Cpu)>();
var theirs = new List<(double Wall, double Cpu)>();
var theirsTuned = new List<(double Wall, double Cpu)>();
for (int r = 0; r < rounds; r++)
{
    for (int i = 0; i < block; i++) ours.Add(Timed(TrainStep));
    theirs.AddRange(plain.Run("train", block));
    theirsTuned.AddRange(tuned.Run("train", block));
}
var oursMc = new List<(double Wall, double Cpu)>();
var oursSingle = new List<(double Wall, double Cpu)>();
var theirsMc = new List<(double Wall, double Cpu)>();
var theirsTunedMc = new List<(double Wall, double Cpu)>();
for (int r = 0; r < rounds; r++)
{
    for (int i = 0; i < 2 * block; i++) oursMc.Add(Timed(McPredict));
    for (int i = 0; i < block; i++) oursSingle.Add(Timed(SinglePredict));
    theirsMc.AddRange(plain.Run("mc", 2 * block));
    theirsTunedMc.AddRange(tuned.Run("mc", 2 * block));
}

Console.WriteLine($"load average at end: {File.ReadAllText("/proc/loadavg").Trim()}; peak working set {self.PeakWorkingSet64 / (1024 * 1024)} MiB");
Console.WriteLine();
Console.WriteLine($"| median of {rounds * block} ({threads} threads) | TorchSharp 0.107 | PyTorch 1.13.1, default env | ours/theirs | PyTorch 1.13.1, our tuning | ours/theirs |");
Console.WriteLine("|---|---|---|---|---|---|");
Row($"U-Net train step {batch}×1×{size}², wall", M(ours, w: true), M(theirs, w: true), M(theirsTuned, w: true));
Row("same, process CPU time", M(ours, w: false), M(theirs, w: false), M(theirsTuned, w: false));
Row($"MC-dropout 8 passes, one {size}² slice, wall", M(oursMc, w: true), M(theirsMc, w: true), M(theirsTunedMc, w: true));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| one deterministic pass, one {size}² slice, wall | {M(oursSingle, w: true):F1} ms | | | | |"));

// Interop: our weight file into PyTorch's twin with strict loading, same input, compare outputs.
var dir = Directory.CreateTempSubdirectory("fedbus-interop").FullName;
try
{
    var cases = Enumerable.Range(0, batch).Select(i => new LabeledCase($"c{i}", new ImageSlice(size, size, images.AsSpan(i * size * size, size * size).ToArray()),
        new SegmentationLabel(masks.AsSpan(i * size * size, size * size).ToArray().Select(m => (byte)m).ToArray()))).ToList();
    new Trainer(new TrainingOptions { MaxEpochs = 1, ValidationFraction = 0, BatchSize = 4 }).Train(model, cases); // non-trivial BN statistics
    SafeTensors.WriteFile(Path.Combine(dir, "unet.safetensors"), model.ExportWeights(), new WeightMetadata(spec.ArchitectureId, "1", "bench", "FedBus.Learning.Bench"));
    network.eval();
    using (no_grad())
    {
        using var input = x.narrow(0, 0, 2);
        using var logits = network.forward(input);
        File.WriteAllBytes(Path.Combine(dir, "input.f32"), System.Runtime.InteropServices.MemoryMarshal.AsBytes(input.data<float>().ToArray().AsSpan()).ToArray());
        File.WriteAllBytes(Path.Combine(dir, "output.f32"), System.Runtime.InteropServices.MemoryMarshal.AsBytes(logits.data<float>().ToArray().AsSpan()).ToArray());
    }
    var psi = new ProcessStartInfo(PyTorchServer.Interpreter) { RedirectStandardOutput = true, UseShellExecute = false, WorkingDirectory = AppContext.BaseDirectory };
    foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "pytorch_interop.py"), Path.Combine(dir, "unet.safetensors"), Path.Combine(dir, "input.f32"), Path.Combine(dir, "output.f32"), "2", $"{size}", $"{size}" })
        psi.ArgumentList.Add(a);
    using var py = Process.Start(psi)!;
    Console.WriteLine();
    while (py.StandardOutput.ReadLine() is { } line) Console.WriteLine(line);
    py.WaitForExit();
    if (py.ExitCode != 0) throw new InvalidOperationException($"PyTorch interop check exited {py.ExitCode}.");
}
finally
{
    Directory.Delete(dir, recursive: true);
}

static double M(List<(double Wall, double Cpu)> v, bool w)
{
    var s = v.Select(t => w ? t.Wall : t.Cpu).OrderBy(d => d).ToArray();
    return s.Length % 2 == 1 ? s[s.Length / 2] : (s[s.Length / 2 - 1] + s[s.Length / 2]) / 2;
}

static void Row(string name, double ours, double plain, double tuned) =>
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {ours:F1} ms | {plain:F1} ms | {ours / plain:F2}× | {tuned:F1} ms | {ours / tuned:F2}× |"));
