using FedBus.Learning.Cases;
using FedBus.Learning.Predictions;
using FedBus.Learning.Profiles;
using FedBus.Learning.Signals;
using FedBus.Learning.Uncertainty;

namespace FedBus.Learning.Tests;

/// <summary>Output plausibility and consistency findings, on hand-made predictions (pure logic).</summary>
public sealed class TriageAssessorTests
{
    private const int Size = 32;
    private static readonly UncertaintyReport Calm = new(8, 0.95, 0.05, 0.01, null, null, null, 0.05);

    [Fact]
    public void An_empty_mask_where_training_labels_always_show_the_structure_is_flagged()
    {
        var image = Disc();
        var profile = Profile(image, Mask(8));
        var analyzed = Segmentation(image, new byte[Size * Size]);

        var result = TriageAssessor.Assess(analyzed, profile, 2, ["background", "brain"]);

        var finding = Assert.Single(result.Findings, f => f.Code == "mask-empty");
        Assert.Contains("brain", finding.Message, StringComparison.Ordinal);
        Assert.Contains(result.Signals, s => s.Key == "foreground_fraction" && s.Value == 0);
    }

    [Fact]
    public void A_mask_in_many_pieces_and_of_an_unusual_area_is_flagged_with_its_numbers()
    {
        var image = Disc();
        var profile = Profile(image, Mask(8));
        var pieces = new byte[Size * Size];
        for (var r = 0; r < Size; r += 4)
            for (var c = 0; c < Size; c += 4)
                pieces[r * Size + c] = 1;

        var result = TriageAssessor.Assess(Segmentation(image, pieces), profile, 2);

        Assert.Contains("64 pieces", Assert.Single(result.Findings, f => f.Code == "mask-fragmented").Message, StringComparison.Ordinal);
        Assert.Single(result.Findings, f => f.Code == "mask-area-unusual");
        Assert.Contains(result.Signals, s => s.Key == "components" && s.Value == 64);
    }

    [Fact]
    public void A_mask_like_the_training_labels_raises_no_plausibility_finding()
    {
        var image = Disc();
        var result = TriageAssessor.Assess(Segmentation(image, Mask(8)), Profile(image, Mask(8)), 2);

        Assert.DoesNotContain(result.Findings, f => f.Code.StartsWith("mask-", StringComparison.Ordinal));
    }

    [Fact]
    public void Flat_class_probabilities_are_flagged_with_the_class_name()
    {
        var image = Disc();
        var flat = new ClassificationPrediction(2, [0.24f, 0.25f, 0.27f, 0.24f], Calm with { Confidence = 0.27 });
        var analyzed = new AnalyzedImage(image, flat, [0.0], new Dictionary<ImageVariant, CasePrediction>());

        var result = TriageAssessor.Assess(analyzed, null, 4, ["a", "b", "cerebellum", "d"]);

        Assert.Contains("cerebellum", Assert.Single(result.Findings, f => f.Code == "flat-probabilities").Message, StringComparison.Ordinal);
        Assert.Single(result.Findings, f => f.Code == "no-training-profile");
    }

    [Fact]
    public void A_class_that_changes_when_the_image_is_mirrored_makes_the_prediction_unstable()
    {
        var image = Disc();
        var sure = new ClassificationPrediction(0, [0.9f, 0.1f], Calm);
        var other = new ClassificationPrediction(1, [0.2f, 0.8f], Calm);
        var analyzed = new AnalyzedImage(image, sure, [0.0], new Dictionary<ImageVariant, CasePrediction>
        {
            [ImageVariant.Mirrored] = other,
            [ImageVariant.Smoothed] = sure,
        });

        var result = TriageAssessor.Assess(analyzed, null, 2);

        var finding = Assert.Single(result.Findings, f => f.Code == "unstable-prediction");
        Assert.Contains("mirrored", finding.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("smoothed", finding.Message, StringComparison.Ordinal);
        // Without a combiner the score is at least the largest disagreement (total variation 0.7).
        Assert.True(result.Score >= 0.7 - 1e-6);
    }

    [Fact]
    public void A_box_on_the_background_and_one_beyond_the_image_are_flagged()
    {
        // Anatomy everywhere but a dark top-left corner.
        var image = new ImageSlice(Size, Size, Enumerable.Range(0, Size * Size).Select(i => i / Size < 8 && i % Size < 8 ? 0.01f * (i % 3) : 1f + 0.01f * (i % 7)).ToArray());
        var boxes = new DetectionPrediction(
        [
            new Detection(new BoundingBox(0, 0, 4, 4, 0), 0.9f),
            new Detection(new BoundingBox(24, 12, 44, 20, 0), 0.8f),
            new Detection(new BoundingBox(12, 12, 20, 20, 0), 0.9f),
        ], Calm);
        var analyzed = new AnalyzedImage(image, boxes, [0.0], new Dictionary<ImageVariant, CasePrediction>());

        var result = TriageAssessor.Assess(analyzed, null, 1);

        Assert.Contains("1 of 3", Assert.Single(result.Findings, f => f.Code == "boxes-outside-anatomy").Message, StringComparison.Ordinal);
        Assert.Contains("1 of 3", Assert.Single(result.Findings, f => f.Code == "boxes-outside-image").Message, StringComparison.Ordinal);
    }

    /// <summary>A bright disc of radius 10 on a dark background.</summary>
    private static ImageSlice Disc()
    {
        var p = new float[Size * Size];
        for (var r = 0; r < Size; r++)
            for (var c = 0; c < Size; c++)
                p[r * Size + c] = (r - 16) * (r - 16) + (c - 16) * (c - 16) <= 100 ? 1f : 0.02f * ((r * 7 + c * 3) % 5);
        return new ImageSlice(Size, Size, p);
    }

    private static byte[] Mask(int radius)
    {
        var m = new byte[Size * Size];
        for (var r = 0; r < Size; r++)
            for (var c = 0; c < Size; c++)
                m[r * Size + c] = (byte)((r - 16) * (r - 16) + (c - 16) * (c - 16) <= radius * radius ? 1 : 0);
        return m;
    }

    /// <summary>A profile whose training labels are masks of radius 7–9 on this image.</summary>
    private static TrainingProfile Profile(ImageSlice image, byte[] _)
    {
        var outputs = new[] { 7, 8, 9, 8, 7, 9 }.Select(r => OutputFeatures.Mask(Mask(r), Size, Size)).ToList();
        var stats = ImageStatistics.Compute(image);
        return new TrainingProfile(FeatureMoments.FromSamples([stats, stats.Select(v => v * 1.01).ToArray(), stats.Select(v => v * 0.99).ToArray()]),
            null, FeatureMoments.FromSamples(outputs));
    }

    private static AnalyzedImage Segmentation(ImageSlice image, byte[] mask) =>
        new(image, new SegmentationPrediction(Size, Size, mask, new float[Size * Size], new float[Size * Size], new float[Size * Size], Calm),
            [0.0], new Dictionary<ImageVariant, CasePrediction>());
}
