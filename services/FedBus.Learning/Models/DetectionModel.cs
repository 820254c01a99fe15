using FedBus.Learning.Cases;
using FedBus.Learning.Metrics;
using FedBus.Learning.Predictions;
using FedBus.Learning.Training;
using FedBus.Learning.Uncertainty;
using TorchSharp;
using static TorchSharp.torch;

namespace FedBus.Learning.Models;

/// <summary>
/// CenterNet-style detection. Targets: a Gaussian per box on the heatmap of its class (σ = 0.54·size/6
/// per axis in output cells, peak exactly 1 at the centre cell), size and offset at the centre cell.
/// Loss: CenterNet focal loss (α = 2, β = 4) / objects + 0.1·L1(size) + L1(offset).
/// </summary>
public sealed class DetectionModel : TaskModel
{
    private const int Stride = CenterNetSpec.Stride;
    private readonly CenterNetSpec spec;

    internal DetectionModel(CenterNetSpec spec, long seed) : base(spec, new CenterNet2d(spec), seed)
    {
        this.spec = spec;
        using var _ = no_grad();
        var bias = ((CenterNet2d)Network).HeatmapOutput.bias ?? throw new InvalidOperationException("Heatmap head has no bias.");
        bias.fill_(CenterNet2d.HeatmapPriorBias);
    }

    public override string MetricName => "map50";
    private protected override int SizeMultiple => 8;

    public override double Evaluate(IReadOnlyList<LabeledCase> cases)
    {
        ArgumentNullException.ThrowIfNull(cases);
        if (cases.Count == 0) throw new ArgumentException("Nothing to evaluate.", nameof(cases));
        CheckCases(cases);
        var predictions = Predict(cases.Select(c => c.Image).ToList(), new PredictionOptions(McPasses: 1, ScoreThreshold: 0.01, BatchSize: 16));
        return DetectionMetrics.MeanAveragePrecision(
            predictions.Select(p => ((DetectionPrediction)p).Detections).ToList(),
            cases.Select(c => ((DetectionLabel)c.Label).Boxes).ToList());
    }

    internal override Tensor Loss(Tensor output, CaseBatch batch)
    {
        var boxes = batch.Boxes ?? throw new InvalidOperationException("Detection batch without boxes.");
        int n = batch.Count, k = spec.Classes, oh = batch.Height / Stride, ow = batch.Width / Stride;
        var (heat, size, offset, mask, objects) = Targets(boxes, n, k, oh, ow);
        var heatT = tensor(heat, [n, k, oh, ow]);
        var sizeT = tensor(size, [n, 2, oh, ow]);
        var offsetT = tensor(offset, [n, 2, oh, ow]);
        var maskT = tensor(mask, [n, 1, oh, ow]);

        var p = output.narrow(1, 0, k).sigmoid().clamp(1e-4, 1 - 1e-4);
        var pos = heatT.eq(1).to_type(ScalarType.Float32);
        var posLoss = p.log().mul(p.neg().add(1).pow(2)).mul(pos);
        var negLoss = p.neg().add(1).log().mul(p.pow(2)).mul(heatT.neg().add(1).pow(4)).mul(pos.neg().add(1));
        var focal = posLoss.sum().add(negLoss.sum()).neg().div(Math.Max(1, objects));
        double regNorm = Math.Max(1, objects) * 2;
        var sizeLoss = output.narrow(1, k, 2).sub(sizeT).abs().mul(maskT).sum().div(regNorm);
        var offsetLoss = output.narrow(1, k + 2, 2).sub(offsetT).abs().mul(maskT).sum().div(regNorm);
        return focal.add(sizeLoss.mul(0.1)).add(offsetLoss);
    }

    internal static (float[] Heat, float[] Size, float[] Offset, float[] Mask, int Objects) Targets(
        IReadOnlyList<BoundingBox>[] boxes, int n, int k, int oh, int ow)
    {
        var heat = new float[n * k * oh * ow];
        var size = new float[n * 2 * oh * ow];
        var offset = new float[n * 2 * oh * ow];
        var mask = new float[n * oh * ow];
        int objects = 0;
        int plane = oh * ow;
        for (int i = 0; i < n; i++)
        {
            foreach (var b in boxes[i])
            {
                double cx = (b.X0 + b.X1) / 2.0 / Stride, cy = (b.Y0 + b.Y1) / 2.0 / Stride;
                int ci = Math.Clamp((int)Math.Floor(cx), 0, ow - 1), cj = Math.Clamp((int)Math.Floor(cy), 0, oh - 1);
                double bw = b.Width / Stride, bh = b.Height / Stride;
                double sx = Math.Max(0.54 * bw / 6, 0.5), sy = Math.Max(0.54 * bh / 6, 0.5);
                int rx = (int)Math.Ceiling(3 * sx), ry = (int)Math.Ceiling(3 * sy);
                int baseHeat = (i * k + b.ClassId) * plane;
                for (int y = Math.Max(0, cj - ry); y <= Math.Min(oh - 1, cj + ry); y++)
                    for (int x = Math.Max(0, ci - rx); x <= Math.Min(ow - 1, ci + rx); x++)
                    {
                        double g = Math.Exp(-((x - ci) * (x - ci) / (2 * sx * sx) + (y - cj) * (y - cj) / (2 * sy * sy)));
                        ref float cell = ref heat[baseHeat + y * ow + x];
                        cell = Math.Max(cell, (float)g);
                    }
                heat[baseHeat + cj * ow + ci] = 1;
                int at = cj * ow + ci;
                size[(i * 2) * plane + at] = (float)bw;
                size[(i * 2 + 1) * plane + at] = (float)bh;
                offset[(i * 2) * plane + at] = (float)(cx - ci);
                offset[(i * 2 + 1) * plane + at] = (float)(cy - cj);
                mask[i * plane + at] = 1;
                objects++;
            }
        }
        return (heat, size, offset, mask, objects);
    }

    private protected override IEnumerable<CasePrediction> Decode(Tensor output, int passes, int count, PredictionOptions options)
    {
        int k = spec.Classes;
        long oh = output.shape[2], ow = output.shape[3];
        var maps = output.reshape(passes, count, k + 4, oh, ow);
        var perPass = maps.narrow(2, 0, k).sigmoid();
        var heat = perPass.mean([0]);
        var regression = maps.narrow(2, k, 4).mean([0]);
        var peaks = heat.mul(heat.eq(nn.functional.max_pool2d(heat, 3, 1, 1)).to_type(ScalarType.Float32));
        int top = (int)Math.Min(spec.MaxDetections, k * oh * ow);
        var (scores, indices) = peaks.reshape(count, -1).topk(top, 1);
        var meanEntropy = passes == 1 ? zeros_like(heat) : BinaryEntropy(perPass).mean([0]);

        var scoreArr = TensorValues.ToArray<float>(scores);
        var indexArr = TensorValues.ToArray<long>(indices);
        var regArr = TensorValues.ToArray<float>(regression);
        var heatArr = TensorValues.ToArray<float>(heat);
        var passEntropyArr = TensorValues.ToArray<float>(meanEntropy);
        int plane = (int)(oh * ow);
        int h = (int)oh * Stride, w = (int)ow * Stride;
        for (int i = 0; i < count; i++)
        {
            var candidates = new List<Detection>(top);
            for (int r = 0; r < top; r++)
            {
                float score = scoreArr[i * top + r];
                if (score < options.ScoreThreshold) break;
                int idx = (int)indexArr[i * top + r];
                int cls = idx / plane, cell = idx % plane, cy = cell / (int)ow, cx = cell % (int)ow;
                int regBase = i * 4 * plane + cell;
                double bw = Math.Max(0, regArr[regBase]) * Stride, bh = Math.Max(0, regArr[regBase + plane]) * Stride;
                double x = (cx + regArr[regBase + 2 * plane]) * Stride, y = (cy + regArr[regBase + 3 * plane]) * Stride;
                var box = new BoundingBox(
                    (float)Math.Clamp(x - bw / 2, 0, w), (float)Math.Clamp(y - bh / 2, 0, h),
                    (float)Math.Clamp(x + bw / 2, 0, w), (float)Math.Clamp(y + bh / 2, 0, h), cls);
                if (box.Area > 0) candidates.Add(new Detection(box, score));
            }
            var kept = NonMaximumSuppression.Apply(candidates, spec.NmsIoU);

            // Uncertainty at the best peak, whether or not it passed the threshold.
            int best = (int)indexArr[i * top];
            double s = heatArr[i * k * plane + best];
            double hPred = BinaryEntropy(s) / Math.Log(2);
            double mi = passes == 1 ? 0 : Math.Max(0, hPred - passEntropyArr[i * k * plane + best] / Math.Log(2));
            yield return new DetectionPrediction(kept, new UncertaintyReport(
                passes, s, hPred, mi, null, null, null, Triage.ForDetection(s)));
        }
    }

    private static Tensor BinaryEntropy(Tensor p)
    {
        var q = p.clamp(1e-12, 1 - 1e-12);
        return q.log().mul(q).add(q.neg().add(1).log().mul(q.neg().add(1))).neg();
    }

    private static double BinaryEntropy(double p)
    {
        p = Math.Clamp(p, 1e-12, 1 - 1e-12);
        return -(p * Math.Log(p) + (1 - p) * Math.Log(1 - p));
    }
}
