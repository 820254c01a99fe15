using FedBus.Contracts;
using FedBus.QualityControl.Rules;
using static FedBus.QualityControl.Tests.Samples;

namespace FedBus.QualityControl.Tests.Rules;

public sealed class GeometryRuleTests
{
    [Fact]
    public void A_mask_of_another_size_than_the_image_is_rejected_naming_both_sizes()
    {
        var finding = Assert.Single(new MaskSizeRule().Check(UnderReview(TaskKind.Segmentation, Brain, Mask("000", "010"), rows: 4, columns: 4)));

        Assert.Equal(QcCodes.MaskSizeMismatch, finding.Code);
        Assert.Contains("The mask is 3×2 pixels but the image is 4×4", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_mask_of_the_image_size_passes()
    {
        Assert.Empty(new MaskSizeRule().Check(UnderReview(TaskKind.Segmentation, Brain, Mask("000", "010"), rows: 2, columns: 3)));
    }

    [Fact]
    public void Boxes_inside_the_image_with_area_pass_including_one_touching_the_far_edges()
    {
        Assert.Empty(new BoxGeometryRule().Check(UnderReview(TaskKind.Detection, Lesions, Boxes(Box(0, 0, 64, 64, 0), Box(10, 10, 12, 11, 1)), 64, 64)));
    }

    [Fact]
    public void A_box_reaching_past_the_image_is_rejected()
    {
        var finding = Assert.Single(new BoxGeometryRule().Check(UnderReview(TaskKind.Detection, Lesions, Boxes(Box(10, 10, 20, 20, 0), Box(50, 60, 70, 65, 0)), 64, 64)));

        Assert.Equal(QcCodes.BoxOutsideImage, finding.Code);
        Assert.Contains("box 2 (x 50–70, y 60–65)", finding.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("box 1", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_box_with_negative_coordinates_is_outside_the_image()
    {
        Assert.Equal(QcCodes.BoxOutsideImage,
            Assert.Single(new BoxGeometryRule().Check(UnderReview(TaskKind.Detection, Lesions, Boxes(Box(-1, 0, 5, 5, 0)), 64, 64))).Code);
    }

    [Fact]
    public void Flat_and_inverted_boxes_have_zero_area()
    {
        var finding = Assert.Single(new BoxGeometryRule().Check(UnderReview(TaskKind.Detection, Lesions,
            Boxes(Box(10, 10, 10, 20, 0), Box(5, 5, 9, 9, 0), Box(30, 30, 20, 40, 1)), 64, 64)));

        Assert.Equal(QcCodes.BoxZeroArea, finding.Code);
        Assert.Contains("2 boxes have no area", finding.Message, StringComparison.Ordinal);
        Assert.Contains("box 1 ", finding.Message, StringComparison.Ordinal);
        Assert.Contains("box 3 ", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_mask_is_an_error_where_every_image_shows_the_structure()
    {
        var finding = Assert.Single(new EmptyMaskRule().Check(UnderReview(TaskKind.Segmentation, Brain, Filled(4, 4, 0), structureExpected: true)));

        Assert.Equal(QcCodes.EmptyMask, finding.Code);
        Assert.True(finding.IsError);
        Assert.Contains("every image of this task shows brain", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_mask_is_a_warning_where_the_model_had_outlined_something_and_nothing_is_expected()
    {
        var finding = Assert.Single(new EmptyMaskRule().Check(UnderReview(TaskKind.Segmentation, Brain, Filled(4, 4, 0), prefill: Mask("0000", "0110", "0000", "0000"))));

        Assert.Equal(QcCodes.EmptyMask, finding.Code);
        Assert.False(finding.IsError);
    }

    [Fact]
    public void An_empty_mask_on_an_empty_pre_annotation_is_fine_where_nothing_is_expected()
    {
        Assert.Empty(new EmptyMaskRule().Check(UnderReview(TaskKind.Segmentation, Brain, Filled(4, 4, 0), prefill: Filled(4, 4, 0))));
    }

    [Fact]
    public void A_label_of_the_wrong_kind_is_reported_alone()
    {
        var findings = new LabelRules().Check(UnderReview(TaskKind.Classification, FiveClasses, Filled(4, 4, 9)));

        Assert.Equal(QcCodes.LabelKindMismatch, Assert.Single(findings).Code);
        Assert.Contains("This is a classification (one class for the image) task, but the label is a mask", findings[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void All_rules_report_every_problem_of_a_label_at_once()
    {
        // Wrong size and a class past the list: the reader sees both reasons in one return.
        var findings = new LabelRules().Check(UnderReview(TaskKind.Segmentation, Brain, Mask("030", "010"), rows: 4, columns: 4));

        Assert.Equal([QcCodes.MaskSizeMismatch, QcCodes.ClassOutOfRange], findings.Select(f => f.Code));
    }
}
