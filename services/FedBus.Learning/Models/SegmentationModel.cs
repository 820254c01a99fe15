using FedBus.Learning.Cases;
using FedBus.Learning.Metrics;
using FedBus.Learning.Predictions;
using FedBus.Learning.Training;
using FedBus.Learning.Uncertainty;
using TorchSharp;
using static TorchSharp.torch;

namespace FedBus.Learning.Models;

/// <summary>U-Net segmentation: soft Dice (foreground classes, over the batch) + cross-entropy.</summary>
public sealed class SegmentationModel : TaskModel
{
    private readonly int classes;
    private readonly int sizeMultiple;

    internal SegmentationModel(UNetSpec spec, long seed) : base(spec, new UNet2d(spec), seed)
    {
        classes = spec.Classes;
        sizeMultiple = 1 << (spec.Levels - 1);
    }

    public override string MetricName => "dice";
    private protected override int SizeMultiple => sizeMultiple;

    public override double Evaluate(IReadOnlyList<LabeledCase> cases)
    {
        ArgumentNullException.ThrowIfNull(cases);
        if (cases.Count == 0) throw new ArgumentException("Nothing to evaluate.", nameof(cases));
        CheckCases(cases);
        var predictions = Predict(cases.Select(c => c.Image).ToList(), PredictionOptions.Deterministic with { BatchSize = 16 });
        double sum = 0;
        for (int i = 0; i < cases.Count; i++)
            sum += SegmentationMetrics.MeanForegroundDice(((SegmentationPrediction)predictions[i]).Mask, ((SegmentationLabel)cases[i].Label).Mask, classes);
        return sum / cases.Count;
    }

    internal override Tensor Loss(Tensor output, CaseBatch batch)
    {
        var masks = batch.Masks ?? throw new InvalidOperationException("Segmentation batch without masks.");
        var ce = nn.functional.cross_entropy(output, masks);
        var probs = nn.functional.softmax(output, 1);
        var onehot = nn.functional.one_hot(masks, classes).permute(0, 3, 1, 2).to_type(ScalarType.Float32);
        var fgProbs = probs.narrow(1, 1, classes - 1);
        var fgTruth = onehot.narrow(1, 1, classes - 1);
        var inter = fgProbs.mul(fgTruth).sum([0, 2, 3]);
        var denom = fgProbs.sum([0, 2, 3]).add(fgTruth.sum([0, 2, 3]));
        const double smooth = 1e-5;
        var dice = inter.mul(2).add(smooth).div(denom.add(smooth));
        return ce.add(dice.mean().neg().add(1));
    }

    private protected override IEnumerable<CasePrediction> Decode(Tensor output, int passes, int count, PredictionOptions options)
    {
        long h = output.shape[2], w = output.shape[3];
        var probs = nn.functional.softmax(output, 1).reshape(passes, count, classes, h, w);
        var mean = probs.mean([0]);
        double logK = Math.Log(classes);
        var entropy = Entropy(mean, 1).div(logK);
        var mutual = passes == 1 ? zeros_like(entropy) : entropy.sub(Entropy(probs, 2).mean([0]).div(logK)).clamp_min(0);
        var (maxP, argmax) = mean.max(1);
        var fgProb = mean.narrow(1, 0, 1).squeeze(1).neg().add(1);

        var hArr = TensorValues.ToArray<float>(entropy);
        var miArr = TensorValues.ToArray<float>(mutual);
        var maxArr = TensorValues.ToArray<float>(maxP);
        var maskArr = TensorValues.ToArray<byte>(argmax.to_type(ScalarType.Byte));
        var fgArr = TensorValues.ToArray<float>(fgProb);
        int n = (int)(h * w);
        for (int i = 0; i < count; i++)
        {
            var mask = maskArr.AsSpan(i * n, n).ToArray();
            yield return new SegmentationPrediction((int)h, (int)w, mask, fgArr.AsSpan(i * n, n).ToArray(),
                hArr.AsSpan(i * n, n).ToArray(), miArr.AsSpan(i * n, n).ToArray(),
                Summarise(passes, hArr.AsSpan(i * n, n), miArr.AsSpan(i * n, n), maxArr.AsSpan(i * n, n), mask));
        }
    }

    private static UncertaintyReport Summarise(int passes, ReadOnlySpan<float> entropy, ReadOnlySpan<float> mutual, ReadOnlySpan<float> maxP, byte[] mask)
    {
        int foreground = 0, uncertain = 0;
        double hSum = 0, miSum = 0, hForeground = 0, confForeground = 0;
        for (int k = 0; k < mask.Length; k++)
        {
            hSum += entropy[k];
            miSum += mutual[k];
            if (entropy[k] > Triage.UncertainPixelEntropy) uncertain++;
            if (mask[k] != 0)
            {
                foreground++;
                hForeground += entropy[k];
                confForeground += maxP[k];
            }
        }
        double h = hSum / mask.Length;
        return new UncertaintyReport(
            passes,
            Confidence: foreground == 0 ? 1 : confForeground / foreground,
            PredictiveEntropy: h,
            MutualInformation: miSum / mask.Length,
            ForegroundEntropy: foreground == 0 ? null : hForeground / foreground,
            UncertainPixels: uncertain,
            UncertainFraction: (double)uncertain / Math.Max(1, foreground),
            TriageScore: Triage.ForSegmentation(h));
    }
}
