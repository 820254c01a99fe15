using FedBus.Learning.Cases;
using FedBus.Learning.Metrics;
using FedBus.Learning.Predictions;
using FedBus.Learning.Training;
using FedBus.Learning.Uncertainty;
using TorchSharp;
using static TorchSharp.torch;

namespace FedBus.Learning.Models;

/// <summary>ResNet-style image classification with cross-entropy.</summary>
public sealed class ClassificationModel : TaskModel
{
    private readonly int classes;

    internal ClassificationModel(ClassifierSpec spec, long seed) : base(spec, new ResNetClassifier(spec), seed) => classes = spec.Classes;

    public override string MetricName => "accuracy";
    private protected override int SizeMultiple => 1;

    public override double Evaluate(IReadOnlyList<LabeledCase> cases)
    {
        var (predicted, _) = PredictLabelled(cases);
        return ClassificationMetrics.Accuracy(predicted.Select(p => p.ClassId).ToList(), cases.Select(c => ((ClassLabel)c.Label).ClassId).ToList());
    }

    /// <summary>Accuracy jumps in steps on small validation pools; the mean probability of the true class moves smoothly.</summary>
    internal override double StoppingScore(IReadOnlyList<LabeledCase> cases)
    {
        var (predicted, truth) = PredictLabelled(cases);
        return predicted.Select((p, i) => (double)p.Probabilities[truth[i]]).Average();
    }

    internal override bool StoppingScoreIsMetric => false;

    internal override Tensor Loss(Tensor output, CaseBatch batch) =>
        nn.functional.cross_entropy(output, batch.ClassIds ?? throw new InvalidOperationException("Classification batch without class ids."));

    private protected override IEnumerable<CasePrediction> Decode(Tensor output, int passes, int count, PredictionOptions options)
    {
        var probs = nn.functional.softmax(output, 1).reshape(passes, count, classes);
        var mean = probs.mean([0]);
        double logK = Math.Log(classes);
        var entropy = Entropy(mean, 1).div(logK);
        var mutual = passes == 1 ? zeros_like(entropy) : entropy.sub(Entropy(probs, 2).mean([0]).div(logK)).clamp_min(0);
        var meanArr = TensorValues.ToArray<float>(mean);
        var hArr = TensorValues.ToArray<float>(entropy);
        var miArr = TensorValues.ToArray<float>(mutual);
        for (int i = 0; i < count; i++)
        {
            var p = meanArr.AsSpan(i * classes, classes).ToArray();
            int best = 0;
            for (int c = 1; c < classes; c++) if (p[c] > p[best]) best = c;
            yield return new ClassificationPrediction(best, p, new UncertaintyReport(
                passes, p[best], hArr[i], miArr[i], null, null, null, Triage.ForClassification(hArr[i])));
        }
    }

    private (List<ClassificationPrediction> Predicted, int[] Truth) PredictLabelled(IReadOnlyList<LabeledCase> cases)
    {
        ArgumentNullException.ThrowIfNull(cases);
        if (cases.Count == 0) throw new ArgumentException("Nothing to evaluate.", nameof(cases));
        CheckCases(cases);
        var predicted = Predict(cases.Select(c => c.Image).ToList(), PredictionOptions.Deterministic with { BatchSize = 32 })
            .Cast<ClassificationPrediction>().ToList();
        return (predicted, cases.Select(c => ((ClassLabel)c.Label).ClassId).ToArray());
    }
}
