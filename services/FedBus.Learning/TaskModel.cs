using FedBus.Learning.Cases;
using FedBus.Learning.Models;
using FedBus.Learning.Predictions;
using FedBus.Learning.Training;
using FedBus.Learning.Weights;
using TorchSharp;
using static TorchSharp.torch;

namespace FedBus.Learning;

/// <summary>
/// Shared machinery of the three task models: deterministic initialisation, per-image normalisation,
/// batched MC-dropout, weight exchange by name. Subclasses add the loss, decoding and metric.
/// </summary>
public abstract class TaskModel : ITaskModel
{
    private readonly McDropout[] dropouts;
    private readonly Generator trainingGenerator;
    private bool disposed;

    private protected TaskModel(ModelSpec spec, nn.Module<Tensor, Tensor> network, long seed)
    {
        TorchRuntime.EnsureInitialized();
        Spec = spec;
        Network = network;
        WeightInit.Apply(network, seed);
        dropouts = network.modules().OfType<McDropout>().ToArray();
        trainingGenerator = new Generator((ulong)seed ^ 0x9E3779B97F4A7C15UL, CPU);
        network.eval();
    }

    public ModelSpec Spec { get; }
    public TaskKind Task => Spec.Task;
    public nn.Module<Tensor, Tensor> Network { get; }
    public long ParameterCount => Network.parameters().Sum(p => p.numel());
    public abstract string MetricName { get; }

    /// <summary>Height and width must be multiples of this.</summary>
    private protected abstract int SizeMultiple { get; }

    public IReadOnlyList<CasePrediction> Predict(IReadOnlyList<ImageSlice> images, PredictionOptions? options = null)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        ArgumentNullException.ThrowIfNull(images);
        options ??= PredictionOptions.Default;
        options.Validate();
        if (images.Count == 0) return [];
        foreach (var img in images) CheckSize(img.Height, img.Width);

        using var generator = new Generator((ulong)options.Seed, CPU);
        SetDropoutGenerator(generator);
        var results = new List<CasePrediction>(images.Count);
        try
        {
            Network.eval();
            if (options.McPasses > 1)
                foreach (var d in dropouts) d.train();
            using var _ = no_grad();
            int t = options.McPasses;
            foreach (var chunk in images.Chunk(options.BatchSize))
            {
                using var scope = NewDisposeScope();
                var x = ImageTensors.Normalize(ImageTensors.Stack(chunk));
                // One forward of T stacked copies (copy t of image i at row t·n + i); networks that can
                // run their dropout-free front once per image do so.
                var output = t == 1 ? Network.forward(x)
                    : Network is IRepeatedForward repeated ? repeated.ForwardRepeated(x, t)
                    : Network.forward(x.repeat(t, 1, 1, 1));
                results.AddRange(Decode(output, t, chunk.Length, options));
            }
        }
        finally
        {
            Network.eval();
            SetDropoutGenerator(trainingGenerator);
        }
        return results;
    }

    public abstract double Evaluate(IReadOnlyList<LabeledCase> cases);

    public IReadOnlyList<double[]> Embed(IReadOnlyList<ImageSlice> images, int batchSize = 32)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        ArgumentNullException.ThrowIfNull(images);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        if (Network is not IFeatureNetwork features)
            throw new NotSupportedException($"{Spec.ArchitectureId} exposes no feature vector.");
        foreach (var img in images) CheckSize(img.Height, img.Width);
        var result = new List<double[]>(images.Count);
        Network.eval();
        using var _ = no_grad();
        foreach (var chunk in images.Chunk(batchSize))
        {
            using var scope = NewDisposeScope();
            using var f = features.Features(ImageTensors.Normalize(ImageTensors.Stack(chunk))).contiguous();
            var values = f.data<float>().ToArray();
            var d = values.Length / chunk.Length;
            for (int i = 0; i < chunk.Length; i++)
                result.Add(values.AsSpan(i * d, d).ToArray().Select(v => (double)v).ToArray());
        }
        return result;
    }

    public WeightSet ExportWeights()
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        var entries = new List<KeyValuePair<string, WeightTensor>>();
        foreach (var (name, t) in Network.state_dict())
        {
            using var c = t.detach().cpu().contiguous();
            var shape = c.shape;
            entries.Add(new(name, c.dtype switch
            {
                ScalarType.Float32 => WeightTensor.Float32(shape, c.data<float>().ToArray()),
                ScalarType.Int64 => WeightTensor.Int64(shape, c.data<long>().ToArray()),
                var other => throw new NotSupportedException($"Weight '{name}' has dtype {other}; only float32 and int64 are exchanged."),
            }));
        }
        return new WeightSet(entries);
    }

    public void ImportWeights(WeightSet weights)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        ArgumentNullException.ThrowIfNull(weights);
        var state = Network.state_dict();
        var missing = state.Keys.Where(k => !weights.ContainsKey(k)).ToList();
        var unexpected = weights.Keys.Where(k => !state.ContainsKey(k) && !k.StartsWith(Profiles.TrainingProfile.WeightPrefix, StringComparison.Ordinal)).ToList();
        if (missing.Count > 0 || unexpected.Count > 0)
            throw new ArgumentException(
                $"Weights do not fit {Spec.ArchitectureId}: missing [{string.Join(", ", missing.Take(10))}]" +
                $"{(missing.Count > 10 ? $" (+{missing.Count - 10})" : "")}, unexpected [{string.Join(", ", unexpected.Take(10))}]" +
                $"{(unexpected.Count > 10 ? $" (+{unexpected.Count - 10})" : "")}.", nameof(weights));
        foreach (var (name, target) in state)
        {
            var w = weights[name];
            var expectedType = target.dtype == ScalarType.Int64 ? WeightDType.I64 : WeightDType.F32;
            if (w.DType != expectedType || !w.Shape.SequenceEqual(target.shape))
                throw new ArgumentException(
                    $"Weight '{name}' is {w.DType} [{string.Join(", ", w.Shape)}] but {Spec.ArchitectureId} needs {expectedType} [{string.Join(", ", target.shape)}].",
                    nameof(weights));
        }
        using var _ = no_grad();
        foreach (var (name, target) in state)
        {
            var w = weights[name];
            using var source = w.DType == WeightDType.F32 ? tensor(w.Values, w.ShapeArray) : tensor(w.Int64Values, w.ShapeArray);
            target.copy_(source);
        }
    }

    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        Network.Dispose();
        trainingGenerator.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Training hook: loss of raw network output against the batch's targets (scalar tensor).</summary>
    internal abstract Tensor Loss(Tensor output, CaseBatch batch);

    /// <summary>Early-stopping score on validation cases; higher is better. Defaults to <see cref="Evaluate"/>.</summary>
    internal virtual double StoppingScore(IReadOnlyList<LabeledCase> cases) => Evaluate(cases);

    /// <summary>Whether <see cref="StoppingScore"/> is <see cref="Evaluate"/> (saves a second pass).</summary>
    internal virtual bool StoppingScoreIsMetric => true;

    /// <summary>Turns (T·n)×… raw output into n predictions.</summary>
    private protected abstract IEnumerable<CasePrediction> Decode(Tensor output, int passes, int count, PredictionOptions options);

    /// <summary>Decodes raw network output directly (for tests of the decoding step).</summary>
    internal IReadOnlyList<CasePrediction> DecodeOutput(Tensor output, int passes, int count, PredictionOptions options)
    {
        using var scope = NewDisposeScope();
        return Decode(output, passes, count, options).ToList();
    }

    /// <summary>Reseeds the dropout masks used in training.</summary>
    internal void SeedTraining(long seed)
    {
        trainingGenerator.manual_seed(seed);
        SetDropoutGenerator(trainingGenerator);
    }

    internal void CheckCases(IReadOnlyList<LabeledCase> cases)
    {
        foreach (var c in cases)
        {
            if (c.Label.Task != Task)
                throw new ArgumentException($"Case '{c.CaseId}' carries a {c.Label.Task} label; {Spec.ArchitectureId} is a {Task} model.");
            CheckSize(c.Image.Height, c.Image.Width);
            try { c.Label.Validate(c.Image, Spec.Classes); }
            catch (ArgumentException e) { throw new ArgumentException($"Case '{c.CaseId}': {e.Message}", e); }
        }
    }

    private void CheckSize(int h, int w)
    {
        if (h % SizeMultiple != 0 || w % SizeMultiple != 0)
            throw new ArgumentException(
                $"{Spec.ArchitectureId} needs image height and width that are multiples of {SizeMultiple}; got {h}×{w}.");
    }

    private void SetDropoutGenerator(Generator g)
    {
        foreach (var d in dropouts) d.Generator = g;
    }

    /// <summary>Σ p·log p with p clamped, along <paramref name="dim"/>; returns the (positive) entropy.</summary>
    private protected static Tensor Entropy(Tensor p, long dim) =>
        p.clamp_min(1e-12).log().mul(p).sum(dim).neg();
}
