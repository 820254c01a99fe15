using FedBus.Learning.Cases;
using FedBus.Learning.Models;
using FedBus.Learning.Predictions;
using FedBus.Learning.Tests.Support;
using static TorchSharp.torch;

namespace FedBus.Learning.Tests;

public class DetectionDecodingTests
{
    public DetectionDecodingTests() => Torch.Init();

    [Fact]
    public void Decoding_perfect_head_maps_recovers_the_boxes_they_were_made_from()
    {
        var spec = new CenterNetSpec(Classes: 2);
        using var model = (DetectionModel)spec.CreateModel(1);
        BoundingBox[] boxes = [new(10, 12, 42, 30, 0), new(60, 70, 90, 120, 1), new(64, 8, 80, 20, 0)];
        int oh = 32, ow = 32;
        var (heat, size, offset, _, objects) = DetectionModel.Targets([boxes], 1, 2, oh, ow);
        Assert.Equal(3, objects);
        // Logits whose sigmoid is the target heatmap; regression channels are the targets.
        var logits = heat.Select(h => (float)Math.Log(Math.Clamp(h, 1e-6, 1 - 1e-6) / (1 - Math.Clamp(h, 1e-6, 1 - 1e-6)))).ToArray();
        using var scope = NewDisposeScope();
        var output = cat([tensor(logits, [1, 2, oh, ow]), tensor(size, [1, 2, oh, ow]), tensor(offset, [1, 2, oh, ow])], 1);
        var prediction = (DetectionPrediction)model.DecodeOutput(output, 1, 1, new PredictionOptions(McPasses: 1, ScoreThreshold: 0.5))[0];
        Assert.Equal(3, prediction.Detections.Count);
        foreach (var b in boxes)
        {
            var d = Assert.Single(prediction.Detections, d => d.Box.ClassId == b.ClassId && d.Box.IoU(b) > 0.5);
            Assert.Equal(b.X0, d.Box.X0, 3);
            Assert.Equal(b.Y1, d.Box.Y1, 3);
            Assert.True(d.Score > 0.99f);
        }
        Assert.True(prediction.Uncertainty.TriageScore < 0.01);
    }

    [Fact]
    public void Targets_place_a_peak_of_one_at_the_centre_cell_with_size_and_offset()
    {
        var (heat, size, offset, mask, _) = DetectionModel.Targets([[new BoundingBox(10, 12, 42, 30, 0)]], 1, 1, 32, 32);
        // Centre (26, 21) px → (6.5, 5.25) cells → cell (x 6, y 5).
        int at = 5 * 32 + 6;
        Assert.Equal(1f, heat[at]);
        Assert.Equal(1f, mask[at]);
        Assert.Equal(8f, size[at]);                 // width 32 px / 4
        Assert.Equal(4.5f, size[1024 + at]);        // height 18 px / 4
        Assert.Equal(0.5f, offset[at], 5);
        Assert.Equal(0.25f, offset[1024 + at], 5);
        Assert.Equal(1, heat.Count(h => h == 1f));
        Assert.InRange(heat[at + 1], 0.3f, 0.99f);  // Gaussian falls off around the peak
    }
}
