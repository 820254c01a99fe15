using System.Diagnostics;
using FedBus.Learning.Cases;
using FedBus.Learning.Weights;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FedBus.Learning.Training;

/// <summary>
/// Trains a model on a site's accepted cases with Adam: seeded shuffling, augmentation and dropout,
/// optional FedProx term, early stopping on the validation pool (hash-assigned, or the caller's), best weights kept.
/// Retraining should pass ALL accepted cases (replay) and mark the new ones; training only on the new
/// few forgets what the model knew (measured in the tests, docs/learning.md). A loss that stops being a number ends the
/// run: with a validation pool the best weights before it are kept and the result says where
/// (<see cref="TrainingResult.Divergence"/>); without one, <see cref="TrainingDivergedException"/>.
/// </summary>
public sealed class Trainer(TrainingOptions options)
{
    public TrainingOptions Options { get; } = options ?? throw new ArgumentNullException(nameof(options));

    /// <param name="model">Starts from whatever weights it has (e.g. the current global model).</param>
    /// <param name="acceptedCases">Every accepted case of the site; split by <see cref="CaseSplit"/>.</param>
    /// <param name="newCaseIds">Cases accepted since the last round (weighted by <see cref="TrainingOptions.NewCaseWeight"/>).</param>
    /// <param name="proximalReference">FedProx anchor w_global; defaults to the model's weights at the start.</param>
    public TrainingResult Train(
        ITaskModel model,
        IReadOnlyList<LabeledCase> acceptedCases,
        IReadOnlySet<string>? newCaseIds = null,
        WeightSet? proximalReference = null,
        IProgress<EpochProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(acceptedCases);
        var tm = Checked(model);
        // A bad case is named before the split can hide it behind "no training case".
        tm.CheckCases(acceptedCases);
        var (train, validation) = CaseSplit.Partition(acceptedCases, Options.ValidationFraction);
        if (train.Count == 0)
            throw new ArgumentException($"None of the {acceptedCases.Count} cases falls into the training split (validation fraction {Options.ValidationFraction}).", nameof(acceptedCases));
        return Run(tm, train, validation, newCaseIds, proximalReference, progress, cancellationToken);
    }

    /// <summary>
    /// Trains on <paramref name="train"/> and stops early on <paramref name="validation"/>, a split the caller keeps
    /// (the training service stores each case's pool at intake); <see cref="TrainingOptions.ValidationFraction"/> is not used.
    /// </summary>
    public TrainingResult Train(
        ITaskModel model,
        IReadOnlyList<LabeledCase> train,
        IReadOnlyList<LabeledCase> validation,
        IReadOnlySet<string>? newCaseIds = null,
        WeightSet? proximalReference = null,
        IProgress<EpochProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(validation);
        var tm = Checked(model);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var c in train.Concat(validation))
            if (!ids.Add(c.CaseId)) throw new ArgumentException($"Case id '{c.CaseId}' appears twice (in training and validation, or twice in one).", nameof(validation));
        tm.CheckCases([.. train, .. validation]);
        if (train.Count == 0) throw new ArgumentException("There is no training case.", nameof(train));
        return Run(tm, train, validation, newCaseIds, proximalReference, progress, cancellationToken);
    }

    private TaskModel Checked(ITaskModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        Options.Validate();
        return model as TaskModel ?? throw new ArgumentException("Models must come from ModelSpec.CreateModel.", nameof(model));
    }

    private TrainingResult Run(
        TaskModel tm, IReadOnlyList<LabeledCase> train, IReadOnlyList<LabeledCase> validation, IReadOnlySet<string>? newCaseIds,
        WeightSet? proximalReference, IProgress<EpochProgress>? progress, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var rng = new Random(unchecked((int)(Options.Seed ^ (Options.Seed >> 32))));
        tm.SeedTraining(Options.Seed);
        var network = tm.Network;
        var parameters = network.named_parameters().ToList();
        using var anchors = Options.ProximalMu > 0 ? ProximalAnchors(tm, parameters, proximalReference) : null;

        double initial = validation.Count > 0 ? tm.StoppingScore(validation) : double.NaN;
        double best = initial;
        int bestEpoch = 0, stale = 0, steps = 0, epoch = 0;
        bool stoppedEarly = false;
        TrainingDivergence? divergence = null;
        var history = new List<EpochProgress>();
        using var bestState = new StateSnapshot(network);

        using var optimizer = optim.Adam(network.parameters(), Options.LearningRate, weight_decay: Options.WeightDecay);
        while (epoch < Options.MaxEpochs)
        {
            cancellationToken.ThrowIfCancellationRequested();
            epoch++;
            var order = EpochOrder(train, newCaseIds, rng);
            double lossSum = 0;
            int batches = 0;
            network.train();
            foreach (var chunk in order.Chunk(Options.BatchSize))
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var scope = NewDisposeScope();
                using var raw = CaseBatch.From(chunk);
                using var batch = Options.Augmentation.IsIdentity ? null : Augmenter.Apply(raw, Options.Augmentation, rng);
                var used = batch ?? raw;
                optimizer.zero_grad();
                var output = network.forward(ImageTensors.Normalize(used.Images));
                var loss = tm.Loss(output, used);
                if (anchors is not null) loss = loss.add(anchors.Penalty(parameters).mul(Options.ProximalMu / 2));
                loss.backward();
                optimizer.step();
                double value = loss.item<float>();
                if (!double.IsFinite(value))
                {
                    divergence = new TrainingDivergence(epoch, steps + 1, value, Options.LearningRate);
                    // Without a validation pool nothing says which earlier weights are good.
                    if (validation.Count == 0) throw new TrainingDivergedException(divergence);
                    break;
                }
                lossSum += value;
                batches++;
                steps++;
            }
            network.eval();
            if (divergence is not null)
            {
                epoch--;
                break;
            }

            double? score = null, metric = null;
            bool improved = false;
            if (validation.Count > 0)
            {
                score = tm.StoppingScore(validation);
                metric = tm.StoppingScoreIsMetric ? score : tm.Evaluate(validation);
                if (score > best + Options.MinImprovement || (double.IsNaN(best) && !double.IsNaN(score.Value)))
                {
                    best = score.Value;
                    bestEpoch = epoch;
                    bestState.Capture(network);
                    improved = true;
                    stale = 0;
                }
                else stale++;
            }
            else
            {
                bestEpoch = epoch;
            }
            var report = new EpochProgress(epoch, Options.MaxEpochs, lossSum / Math.Max(1, batches), score, metric, tm.MetricName, improved, clock.Elapsed);
            history.Add(report);
            progress?.Report(report);
            if (validation.Count > 0 && stale >= Options.Patience && epoch < Options.MaxEpochs)
            {
                stoppedEarly = true;
                break;
            }
        }
        if (validation.Count > 0) bestState.Restore(network);
        return new TrainingResult(epoch, bestEpoch, initial, validation.Count > 0 ? best : double.NaN, tm.MetricName,
            train.Count, validation.Count, steps, stoppedEarly, history, clock.Elapsed, divergence);
    }

    private List<LabeledCase> EpochOrder(IReadOnlyList<LabeledCase> train, IReadOnlySet<string>? newCaseIds, Random rng)
    {
        var order = new List<LabeledCase>(train.Count);
        foreach (var c in train)
        {
            order.Add(c);
            if (newCaseIds is null || Options.NewCaseWeight == 1 || !newCaseIds.Contains(c.CaseId)) continue;
            double extra = Options.NewCaseWeight - 1;
            int copies = (int)Math.Floor(extra) + (rng.NextDouble() < extra - Math.Floor(extra) ? 1 : 0);
            for (int k = 0; k < copies; k++) order.Add(c);
        }
        // Fisher–Yates with the training RNG: reproducible.
        for (int i = order.Count - 1; i > 0; i--)
        {
            int j = rng.Next(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
        return order;
    }

    private static ProximalAnchorSet ProximalAnchors(TaskModel model, List<(string name, Parameter parameter)> parameters, WeightSet? reference)
    {
        if (reference is null) return new ProximalAnchorSet(parameters.Select(p => p.parameter.detach().clone()).ToList());
        var anchors = new List<Tensor>(parameters.Count);
        foreach (var (name, p) in parameters)
        {
            if (!reference.TryGetValue(name, out var w) || w.DType != WeightDType.F32 || !w.Shape.SequenceEqual(p.shape))
                throw new ArgumentException($"FedProx reference weights do not fit {model.Spec.ArchitectureId}: parameter '{name}' is missing or has another shape.", nameof(reference));
            anchors.Add(tensor(w.Values, w.ShapeArray));
        }
        return new ProximalAnchorSet(anchors);
    }

    /// <summary>w_global for FedProx, aligned with the parameter list.</summary>
    private sealed class ProximalAnchorSet(List<Tensor> anchors) : IDisposable
    {
        public Tensor Penalty(List<(string name, Parameter parameter)> parameters)
        {
            Tensor? sum = null;
            for (int i = 0; i < anchors.Count; i++)
            {
                var term = parameters[i].parameter.sub(anchors[i]).pow(2).sum();
                sum = sum is null ? term : sum.add(term);
            }
            return sum!;
        }

        public void Dispose()
        {
            foreach (var a in anchors) a.Dispose();
        }
    }

    /// <summary>A detached copy of every parameter and buffer, to restore the best epoch.</summary>
    private sealed class StateSnapshot : IDisposable
    {
        private readonly Dictionary<string, Tensor> copies = new(StringComparer.Ordinal);

        public StateSnapshot(nn.Module network) => Capture(network);

        public void Capture(nn.Module network)
        {
            using var _ = no_grad();
            foreach (var (name, t) in network.state_dict())
            {
                if (copies.TryGetValue(name, out var existing)) existing.copy_(t);
                else copies[name] = t.detach().clone().DetachFromDisposeScope();
            }
        }

        public void Restore(nn.Module network)
        {
            using var _ = no_grad();
            foreach (var (name, t) in network.state_dict()) t.copy_(copies[name]);
        }

        public void Dispose()
        {
            foreach (var t in copies.Values) t.Dispose();
        }
    }
}
