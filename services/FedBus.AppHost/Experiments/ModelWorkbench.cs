using FedBus.Learning;
using FedBus.Learning.Cases;
using FedBus.Learning.Training;
using FedBus.Learning.Weights;

namespace FedBus.AppHost.Experiments;

/// <summary>
/// One model object that trains and scores weight sets in turn (weights are imported before every use), so an arm
/// holds weights, not networks. Not thread-safe, like the model.
/// </summary>
internal sealed class ModelWorkbench(ModelSpec spec, ExperimentSettings settings) : IDisposable
{
    private readonly ITaskModel model = spec.CreateModel(Seeds.Derive(settings.Seed, "model-init"));

    public ModelSpec Spec => spec;

    public string MetricName => model.MetricName;

    /// <summary>Freshly initialised weights from <paramref name="seed"/>.</summary>
    public WeightSet Initial(long seed)
    {
        using var fresh = spec.CreateModel(seed);
        return fresh.ExportWeights();
    }

    /// <summary>
    /// Trains from <paramref name="start"/>; with a validation fraction the best epoch on the hash-assigned validation
    /// pool is kept (or the start, if no epoch beats it), as a site's training does.
    /// </summary>
    public (WeightSet Weights, TrainingResult Result) Train(WeightSet start, IReadOnlyList<LabeledCase> cases, int epochs, long seed,
        double validationFraction = 0.2, double proximalMu = 0, CancellationToken cancellationToken = default)
    {
        model.ImportWeights(start);
        var options = new TrainingOptions
        {
            Seed = seed,
            MaxEpochs = epochs,
            Patience = Math.Max(8, epochs),
            ValidationFraction = validationFraction,
            ProximalMu = proximalMu,
            LearningRate = spec.Task == TaskKind.Detection ? 2e-3 : 1e-3,
        };
        var result = new Trainer(options).Train(model, cases, proximalReference: proximalMu > 0 ? start : null, cancellationToken: cancellationToken);
        return (model.ExportWeights(), result);
    }

    public double Evaluate(WeightSet weights, IReadOnlyList<LabeledCase> cases)
    {
        if (cases.Count == 0) return double.NaN;
        model.ImportWeights(weights);
        return model.Evaluate(cases);
    }

    /// <summary>Held-out metric per site (each site's copy of the held-out positions through its scanner) and their mean.</summary>
    public HeldOutScore HeldOut(WeightSet weights, IReadOnlyList<SiteData> sites)
    {
        model.ImportWeights(weights);
        var perSite = sites.ToDictionary(s => s.SiteId, s => model.Evaluate(s.HeldOut), StringComparer.Ordinal);
        return new HeldOutScore(perSite.Values.Average(), perSite);
    }

    /// <summary>Runs <paramref name="use"/> on the model holding <paramref name="weights"/> (e.g. to predict).</summary>
    public T With<T>(WeightSet weights, Func<ITaskModel, T> use)
    {
        model.ImportWeights(weights);
        return use(model);
    }

    public void Dispose() => model.Dispose();
}
