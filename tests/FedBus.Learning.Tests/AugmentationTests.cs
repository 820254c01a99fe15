using FedBus.Learning.Cases;
using FedBus.Learning.Tests.Support;
using FedBus.Learning.Training;
using static TorchSharp.torch;

namespace FedBus.Learning.Tests;

public class AugmentationTests
{
    public AugmentationTests() => Torch.Init();

    [Fact]
    public void A_certain_horizontal_flip_mirrors_image_mask_and_boxes_exactly()
    {
        var flipOnly = AugmentationOptions.None with { HorizontalFlipProbability = 1 };
        var seg = Phantoms.Segmentation(2, 32, seed: 3);
        using var batch = CaseBatch.From(seg);
        using var flipped = Augmenter.Apply(batch, flipOnly, new Random(1));
        var img = flipped.Images.data<float>().ToArray();
        var mask = flipped.Masks!.data<long>().ToArray();
        for (int i = 0; i < 2; i++)
            for (int y = 0; y < 32; y++)
                for (int x = 0; x < 32; x++)
                {
                    int src = y * 32 + (31 - x), dst = i * 1024 + y * 32 + x;
                    Assert.Equal(seg[i].Image.Pixels[src], img[dst], 4);
                    Assert.Equal(((SegmentationLabel)seg[i].Label).Mask[src], mask[dst]);
                }

        var det = Phantoms.Detection(1, 32, seed: 3);
        using var detBatch = CaseBatch.From(det);
        using var detFlipped = Augmenter.Apply(detBatch, flipOnly, new Random(1));
        var b = ((DetectionLabel)det[0].Label).Boxes[0];
        var fb = detFlipped.Boxes![0][0];
        Assert.Equal(32 - b.X1, fb.X0, 3);
        Assert.Equal(32 - b.X0, fb.X1, 3);
        Assert.Equal(b.Y0, fb.Y0, 3);
        Assert.Equal(b.Y1, fb.Y1, 3);
    }

    [Fact]
    public void Rotated_and_scaled_boxes_follow_the_mask_they_were_drawn_around()
    {
        var options = AugmentationOptions.Default with { MaxRotationDegrees = 20, MaxScale = 0.2, VerticalFlipProbability = 0.5 };
        var det = Phantoms.Detection(6, 64, seed: 8);
        // The same ellipses as segmentation cases: the detection phantom's box is the mask's extent.
        var seg = det.Select(c => new LabeledCase(c.CaseId, c.Image, new SegmentationLabel(MaskOf(c)))).ToList();
        using var segBatch = CaseBatch.From(seg);
        using var detBatch = CaseBatch.From(det);
        using var segAug = Augmenter.Apply(segBatch, options, new Random(42));
        using var detAug = Augmenter.Apply(detBatch, options, new Random(42));
        var masks = segAug.Masks!.data<long>().ToArray();
        for (int i = 0; i < det.Count; i++)
        {
            int x0 = 64, y0 = 64, x1 = -1, y1 = -1;
            for (int y = 0; y < 64; y++)
                for (int x = 0; x < 64; x++)
                    if (masks[i * 4096 + y * 64 + x] != 0) { x0 = Math.Min(x0, x); x1 = Math.Max(x1, x); y0 = Math.Min(y0, y); y1 = Math.Max(y1, y); }
            if (x1 < 0) { Assert.Empty(detAug.Boxes![i]); continue; }
            var box = Assert.Single(detAug.Boxes![i]);
            // A rotated box re-boxed is at least as large as the rotated mask's extent, and close to it.
            Assert.InRange(x0 - box.X0, -1.5, 12);
            Assert.InRange(y0 - box.Y0, -1.5, 12);
            Assert.InRange(box.X1 - (x1 + 1), -1.5, 12);
            Assert.InRange(box.Y1 - (y1 + 1), -1.5, 12);
        }
    }

    [Fact]
    public void Augmentation_repeats_exactly_with_the_same_random_source()
    {
        var options = AugmentationOptions.Default with { NoiseStd = 0.05 };
        using var batch = CaseBatch.From(Phantoms.Segmentation(4, 32, seed: 4));
        using var a = Augmenter.Apply(batch, options, new Random(7));
        using var b = Augmenter.Apply(batch, options, new Random(7));
        using var c = Augmenter.Apply(batch, options, new Random(8));
        Assert.Equal(a.Images.data<float>().ToArray(), b.Images.data<float>().ToArray());
        Assert.NotEqual(a.Images.data<float>().ToArray(), c.Images.data<float>().ToArray());
    }

    [Fact]
    public void Gamma_changes_contrast_but_keeps_each_images_intensity_range()
    {
        var gammaOnly = AugmentationOptions.None with { MaxGamma = 2 };
        using var batch = CaseBatch.From(Phantoms.Segmentation(3, 32, seed: 5));
        using var aug = Augmenter.Apply(batch, gammaOnly, new Random(3));
        using var scope = NewDisposeScope();
        Assert.True(batch.Images.amin([1, 2, 3]).allclose(aug.Images.amin([1, 2, 3]), atol: 1e-5));
        Assert.True(batch.Images.amax([1, 2, 3]).allclose(aug.Images.amax([1, 2, 3]), atol: 1e-5));
        Assert.False(batch.Images.allclose(aug.Images, atol: 1e-3));
    }

    private static byte[] MaskOf(LabeledCase detectionCase)
    {
        // Recreate the ellipse mask from the phantom image: ellipse pixels are ≥ 1, background < 0.3.
        return detectionCase.Image.Pixels.Select(v => v >= 1f ? (byte)1 : (byte)0).ToArray();
    }
}
