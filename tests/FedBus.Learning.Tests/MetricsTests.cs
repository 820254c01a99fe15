using System.Text.Json;
using System.Text.Json.Nodes;
using FedBus.Learning.Cases;
using FedBus.Learning.Metrics;
using FedBus.Learning.Models;
using FedBus.Learning.Predictions;
using FedBus.Learning.Tests.Support;

namespace FedBus.Learning.Tests;

public class MetricsTests
{
    [Fact]
    public void Dice_and_IoU_match_hand_counts()
    {
        byte[] pred = [1, 1, 0, 0, 2], reference = [1, 0, 1, 0, 2];
        Assert.Equal(0.5, SegmentationMetrics.Dice(pred, reference, 1));
        Assert.Equal(1.0 / 3, SegmentationMetrics.IoU(pred, reference, 1), 12);
        Assert.Equal(1.0, SegmentationMetrics.Dice(pred, reference, 2));
        Assert.Equal(1.0, SegmentationMetrics.Dice(pred, reference, 3)); // absent from both
        Assert.Equal(0.0, SegmentationMetrics.Dice([0, 0], [1, 1], 1));
        Assert.Equal(0.75, SegmentationMetrics.MeanForegroundDice(pred, reference, 3));
    }

    [Fact]
    public void Hausdorff95_of_two_single_pixels_is_their_distance_and_handles_empty_masks()
    {
        var a = new byte[5 * 5];
        var b = new byte[5 * 5];
        a[0] = 1;             // (0, 0)
        b[3 * 5 + 4] = 1;     // (3, 4)
        Assert.Equal(5.0, SegmentationMetrics.Hausdorff95(a, b, 5, 5, 1), 12);
        Assert.Equal(10.0, SegmentationMetrics.Hausdorff95(a, b, 5, 5, 1, spacingY: 2, spacingX: 2), 12);
        Assert.Equal(0.0, SegmentationMetrics.Hausdorff95(a, a, 5, 5, 1));
        Assert.Equal(0.0, SegmentationMetrics.Hausdorff95(new byte[25], new byte[25], 5, 5, 1));
        Assert.Equal(double.PositiveInfinity, SegmentationMetrics.Hausdorff95(a, new byte[25], 5, 5, 1));
    }

    [Fact]
    public void Roc_auc_matches_the_textbook_example_and_counts_ties_as_half()
    {
        // The scikit-learn documentation example: 0.75.
        Assert.Equal(0.75, ClassificationMetrics.RocAuc([0.1, 0.4, 0.35, 0.8], [false, false, true, true]));
        Assert.Equal(0.5, ClassificationMetrics.RocAuc([0.5, 0.5], [true, false]));
        Assert.Equal(1.0, ClassificationMetrics.RocAuc([0.2, 0.9], [false, true]));
        Assert.Equal(0.0, ClassificationMetrics.RocAuc([0.2, 0.9], [true, false]));
        var e = Assert.Throws<ArgumentException>(() => ClassificationMetrics.RocAuc([0.1, 0.2], [true, true]));
        Assert.Contains("needs both classes", e.Message);
        Assert.Equal(2.0 / 3, ClassificationMetrics.Accuracy([1, 2, 3], [1, 2, 0]), 12);
    }

    [Fact]
    public void Average_precision_of_hand_built_detections()
    {
        var gt = new BoundingBox(0, 0, 10, 10, 0);
        var hit = new Detection(new BoundingBox(0, 0, 10, 9, 0), 0.9f);          // IoU 0.9
        var miss = new Detection(new BoundingBox(50, 50, 60, 60, 0), 0.95f);
        IReadOnlyList<IReadOnlyList<BoundingBox>> refs = [[gt]];
        Assert.Equal(1.0, DetectionMetrics.MeanAveragePrecision([[hit]], refs));
        // A false positive ranked first: precision 1/2 when recall reaches 1.
        Assert.Equal(0.5, DetectionMetrics.MeanAveragePrecision([[miss, hit]], refs));
        // A duplicate of a matched box is a false positive after it: AP stays 1.
        Assert.Equal(1.0, DetectionMetrics.MeanAveragePrecision([[hit, hit with { Score = 0.5f }]], refs));
        // Two references, one found: recall 0.5 at precision 1.
        Assert.Equal(0.5, DetectionMetrics.MeanAveragePrecision([[hit]], [[gt, new BoundingBox(20, 20, 30, 30, 0)]]));
        // IoU below 0.5 does not count.
        Assert.Equal(0.0, DetectionMetrics.MeanAveragePrecision([[new Detection(new BoundingBox(0, 0, 10, 4, 0), 0.9f)]], refs));
        // mAP averages the classes that have references.
        Assert.Equal(0.5, DetectionMetrics.MeanAveragePrecision([[hit]], [[gt, new BoundingBox(0, 0, 10, 10, 1)]]));
    }

    [Fact]
    public void Non_maximum_suppression_drops_overlaps_within_a_class_only()
    {
        var a = new Detection(new BoundingBox(0, 0, 10, 10, 0), 0.9f);
        var b = new Detection(new BoundingBox(1, 1, 11, 11, 0), 0.8f);          // IoU ≈ 0.68 with a
        var c = new Detection(new BoundingBox(1, 1, 11, 11, 1), 0.7f);          // other class
        var d = new Detection(new BoundingBox(30, 30, 40, 40, 0), 0.6f);
        Assert.Equal([a, c, d], NonMaximumSuppression.Apply([d, c, b, a], 0.5));
        Assert.Equal([a, b, c, d], NonMaximumSuppression.Apply([d, c, b, a], 0.7));
    }

    [Fact]
    public void All_metrics_agree_with_an_independent_Python_reference_on_random_cases()
    {
        var rng = new Random(20240611);
        var request = new JsonObject { ["segmentation"] = new JsonArray(), ["auc"] = new JsonArray(), ["detection"] = new JsonArray() };
        var ours = new List<(double Dice, double IoU, double Hd)>();
        for (int n = 0; n < 12; n++)
        {
            int h = rng.Next(8, 40), w = rng.Next(8, 40);
            var reference = Blob(rng, h, w);
            var pred = n == 0 ? new byte[h * w] : Blob(rng, h, w);
            int cls = rng.Next(1, 3);
            request["segmentation"]!.AsArray().Add(new JsonObject
            {
                ["h"] = h, ["w"] = w, ["cls"] = cls,
                ["pred"] = new JsonArray(pred.Select(v => (JsonNode)(int)v).ToArray()),
                ["ref"] = new JsonArray(reference.Select(v => (JsonNode)(int)v).ToArray()),
            });
            ours.Add((SegmentationMetrics.Dice(pred, reference, cls), SegmentationMetrics.IoU(pred, reference, cls),
                SegmentationMetrics.Hausdorff95(pred, reference, h, w, cls)));
        }
        var oursAuc = new List<double>();
        for (int n = 0; n < 10; n++)
        {
            int count = rng.Next(4, 60);
            // Coarse scores so that ties occur.
            var scores = Enumerable.Range(0, count).Select(_ => Math.Round(rng.NextDouble(), 1)).ToArray();
            var labels = Enumerable.Range(0, count).Select(i => i < 2 ? i == 0 : rng.NextDouble() < 0.4).ToArray();
            request["auc"]!.AsArray().Add(new JsonObject
            {
                ["scores"] = new JsonArray(scores.Select(s => (JsonNode)s).ToArray()),
                ["labels"] = new JsonArray(labels.Select(l => (JsonNode)l).ToArray()),
            });
            oursAuc.Add(ClassificationMetrics.RocAuc(scores, labels));
        }
        var oursMap = new List<double>();
        for (int n = 0; n < 8; n++)
        {
            var images = new JsonArray();
            var dets = new List<IReadOnlyList<Detection>>();
            var refs = new List<IReadOnlyList<BoundingBox>>();
            for (int i = 0; i < rng.Next(1, 6); i++)
            {
                var r = Enumerable.Range(0, rng.Next(0, 4)).Select(_ => RandomBox(rng, rng.Next(0, 2))).ToList();
                var d = new List<Detection>();
                foreach (var b in r)
                    if (rng.NextDouble() < 0.7) d.Add(new Detection(Jitter(rng, b), (float)Math.Round(rng.NextDouble(), 2)));
                for (int k = rng.Next(0, 3); k > 0; k--) d.Add(new Detection(RandomBox(rng, rng.Next(0, 2)), (float)Math.Round(rng.NextDouble(), 2)));
                dets.Add(d);
                refs.Add(r);
                images.Add(new JsonObject
                {
                    ["refs"] = new JsonArray(r.Select(b => (JsonNode)new JsonArray(b.X0, b.Y0, b.X1, b.Y1, b.ClassId)).ToArray()),
                    ["dets"] = new JsonArray(d.Select(x => (JsonNode)new JsonArray(x.Box.X0, x.Box.Y0, x.Box.X1, x.Box.Y1, x.Box.ClassId, (double)x.Score)).ToArray()),
                });
            }
            if (refs.All(r => r.Count == 0)) { refs[0] = [RandomBox(rng, 0)]; images[0]!["refs"] = new JsonArray(new JsonArray(refs[0][0].X0, refs[0][0].Y0, refs[0][0].X1, refs[0][0].Y1, 0)); }
            request["detection"]!.AsArray().Add(new JsonObject { ["images"] = images });
            oursMap.Add(DetectionMetrics.MeanAveragePrecision(dets, refs));
        }

        using var reply = JsonDocument.Parse(Python.Run("metrics_reference.py", request.ToJsonString()));
        var seg = reply.RootElement.GetProperty("segmentation").EnumerateArray().ToList();
        for (int i = 0; i < ours.Count; i++)
        {
            Assert.Equal(seg[i].GetProperty("dice").GetDouble(), ours[i].Dice, 12);
            Assert.Equal(seg[i].GetProperty("iou").GetDouble(), ours[i].IoU, 12);
            var hd = seg[i].GetProperty("hd95");
            if (hd.ValueKind == JsonValueKind.String) Assert.Equal(double.PositiveInfinity, ours[i].Hd);
            else Assert.Equal(hd.GetDouble(), ours[i].Hd, 9);
        }
        Assert.Contains(ours, o => double.IsPositiveInfinity(o.Hd));
        Assert.Contains(ours, o => o.Hd > 0 && double.IsFinite(o.Hd));
        var auc = reply.RootElement.GetProperty("auc").EnumerateArray().Select(e => e.GetDouble()).ToList();
        for (int i = 0; i < oursAuc.Count; i++) Assert.Equal(auc[i], oursAuc[i], 12);
        var map = reply.RootElement.GetProperty("detection").EnumerateArray().Select(e => e.GetDouble()).ToList();
        for (int i = 0; i < oursMap.Count; i++) Assert.Equal(map[i], oursMap[i], 9);
        Assert.Contains(oursMap, m => m is > 0 and < 1);
    }

    private static byte[] Blob(Random rng, int h, int w)
    {
        var m = new byte[h * w];
        int cls = rng.Next(1, 3);
        double cy = rng.Next(h), cx = rng.Next(w), ry = rng.Next(2, Math.Max(3, h / 2)), rx = rng.Next(2, Math.Max(3, w / 2));
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
                if ((y - cy) * (y - cy) / (ry * ry) + (x - cx) * (x - cx) / (rx * rx) <= 1 || rng.NextDouble() < 0.02)
                    m[y * w + x] = (byte)cls;
        return m;
    }

    private static BoundingBox RandomBox(Random rng, int cls)
    {
        int x0 = rng.Next(0, 50), y0 = rng.Next(0, 50);
        return new BoundingBox(x0, y0, x0 + rng.Next(4, 30), y0 + rng.Next(4, 30), cls);
    }

    private static BoundingBox Jitter(Random rng, BoundingBox b) =>
        new(b.X0 + rng.Next(-3, 4), b.Y0 + rng.Next(-3, 4), b.X1 + rng.Next(-3, 4), b.Y1 + rng.Next(-3, 4), b.ClassId);
}
