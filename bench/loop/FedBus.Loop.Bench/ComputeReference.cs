using System.Diagnostics;
using FedBus.Contracts;
using FedBus.Learning;
using FedBus.Learning.Cases;
using FedBus.Learning.Predictions;
using FedBus.Learning.Profiles;
using FedBus.Learning.Signals;
using FedBus.Learning.Weights;

namespace FedBus.Loop.Bench;

/// <summary>
/// The model alone, in this process, on the same images: what inference does per image (MC-dropout analysis and the
/// triage assessment) without bus, store, decoding or HTTP. Per study (one image, batch 1) and the best images/s over
/// batch sizes.
/// </summary>
public sealed class ComputeReference : IDisposable
{
    private readonly ITaskModel _model;
    private readonly TrainingProfile? _profile;
    private readonly GlobalModelPublished _publication;
    private readonly int _mcPasses;

    public ComputeReference(GlobalModelPublished publication, int mcPasses)
    {
        var file = SafeTensors.Read(publication.Weights.Inline!);
        _model = ModelSpec.Parse(publication.ArchitectureId).CreateModel(0);
        _model.ImportWeights(file.Weights);
        _profile = TrainingProfile.ReadFrom(file.Weights);
        _publication = publication;
        _mcPasses = mcPasses;
    }

    /// <summary>Milliseconds per study (one image, batch 1), one value per image.</summary>
    public List<double> PerStudy(IReadOnlyList<ImageSlice> images)
    {
        Run(images.Take(2).ToList()); // warm-up
        return images.Select(i => Time(() => Run([i]))).ToList();
    }

    /// <summary>
    /// Images/s per batch size (each batch size run over at least <paramref name="images"/> images), and the process's
    /// CPU milliseconds per image at that size (on a shared machine CPU time per image is steadier than wall time).
    /// </summary>
    public Dictionary<int, (double ImagesPerSecond, double CpuMsPerImage)> ImagesPerSecond(IReadOnlyList<ImageSlice> images, int[] batchSizes)
    {
        var result = new Dictionary<int, (double, double)>();
        foreach (var size in batchSizes)
        {
            var batches = images.Chunk(size).Where(b => b.Length == size).ToList();
            Run(batches[0]);
            var cpu = ProcessCpu.Milliseconds();
            var ms = Time(() => { foreach (var b in batches) Run(b); });
            var count = batches.Count * size;
            result[size] = (count / (ms / 1000), (ProcessCpu.Milliseconds() - cpu) / count);
        }
        return result;
    }

    private void Run(IReadOnlyList<ImageSlice> batch)
    {
        var analyzed = ImageAnalyzer.Analyze(_model, batch, new PredictionOptions(McPasses: _mcPasses, Seed: 0, BatchSize: batch.Count));
        foreach (var a in analyzed) TriageAssessor.Assess(a, _profile, _model.Spec.Classes, _publication.Labels.ClassNames);
    }

    private static double Time(Action action)
    {
        var watch = Stopwatch.StartNew();
        action();
        return watch.Elapsed.TotalMilliseconds;
    }

    public void Dispose() => _model.Dispose();
}
