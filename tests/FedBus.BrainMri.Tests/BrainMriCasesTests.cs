using FedBus.BrainMri.Cases;
using FedBus.Learning;
using FedBus.Learning.Cases;

namespace FedBus.BrainMri.Tests;

public sealed class BrainMriCasesTests
{
    private static BrainMriDataset Data => BrainMriDataset.Shared;

    [Fact]
    public void Each_task_takes_its_own_label_from_the_slice()
    {
        var slice = Data.TestSplit().First(s => s.Boxes.Count >= 2);

        var segmentation = BrainMriCases.For(TaskKind.Segmentation, slice);
        var classification = BrainMriCases.For(TaskKind.Classification, slice);
        var detection = BrainMriCases.For(TaskKind.Detection, slice);

        Assert.All(new[] { segmentation, classification, detection }, c =>
        {
            Assert.Equal(slice.CaseId, c.CaseId);
            Assert.Equal((BrainMriDataset.Size, BrainMriDataset.Size), (c.Image.Height, c.Image.Width));
            Assert.Equal(slice.Image, c.Image.Pixels);
        });
        Assert.Equal(slice.BrainMask, Assert.IsType<SegmentationLabel>(segmentation.Label).Mask);
        Assert.Equal(slice.ClassLabel, Assert.IsType<ClassLabel>(classification.Label).ClassId);
        var boxes = Assert.IsType<DetectionLabel>(detection.Label).Boxes;
        Assert.Equal(
            slice.Boxes.Select(b => ((float)b.X0, (float)b.Y0, (float)b.X1, (float)b.Y1, b.ClassId)),
            boxes.Select(b => (b.X0, b.Y0, b.X1, b.Y1, b.ClassId)));
        // Labels the learning layer accepts for the benchmark's class counts.
        segmentation.Label.Validate(segmentation.Image, 2);
        classification.Label.Validate(classification.Image, Data.ClassNames.Count);
        detection.Label.Validate(detection.Image, Data.DetectionClassNames.Count);
    }

    [Fact]
    public void A_shifted_rendering_of_a_position_is_a_case_with_its_own_id()
    {
        var clean = Data.TestSplit()[0];
        var strong = Data.TestSplit("strong", seed: 1)[0];

        var cases = BrainMriCases.For(TaskKind.Segmentation, [clean, strong]);

        Assert.Equal([clean.CaseId, clean.CaseId + "@strong"], cases.Select(c => c.CaseId));
        Assert.NotEqual(cases[0].Image.Pixels, cases[1].Image.Pixels);
    }
}
