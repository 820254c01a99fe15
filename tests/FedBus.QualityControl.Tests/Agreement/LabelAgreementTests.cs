using FedBus.QualityControl.Agreement;
using static FedBus.QualityControl.Tests.Samples;

namespace FedBus.QualityControl.Tests.Agreement;

public sealed class LabelAgreementTests
{
    private static readonly AgreementSettings Settings = new(MinimumDice: 0.8, BoxMatchIoU: 0.5, MinimumBoxF1: 1.0);

    [Fact]
    public void Dice_of_two_masks_is_twice_the_overlap_over_the_sizes()
    {
        // 4 and 3 foreground pixels, 2 in common: 2·2 / (4 + 3) = 4/7.
        var result = LabelAgreement.Compare(Mask("0110", "0110"), Mask("0111", "0000"), Settings);

        Assert.Equal(4.0 / 7, result.Score, 12);
        Assert.False(result.Agree);
        Assert.Equal(LabelAgreement.Dice, Assert.Single(result.Metrics).Name);
    }

    [Fact]
    public void Dice_of_multi_class_masks_is_the_mean_over_the_foreground_classes_either_used()
    {
        // Class 1: 2 and 3 pixels, 2 shared → 4/5. Class 2: 2 and 1, 1 shared → 2/3. Background does not count.
        var result = LabelAgreement.Compare(Mask("1122"), Mask("1112"), Settings);

        Assert.Equal((0.8 + 2.0 / 3) / 2, result.Score, 12);
    }

    [Fact]
    public void Two_empty_masks_agree_fully()
    {
        Assert.Equal(1.0, LabelAgreement.Compare(Filled(3, 3, 0), Filled(3, 3, 0), Settings).Score);
    }

    [Fact]
    public void Masks_agree_from_the_minimum_dice_on()
    {
        // 5 and 4 pixels, 4 shared: 8/9 ≈ 0.89 ≥ 0.8.
        Assert.True(LabelAgreement.Compare(Mask("11111"), Mask("11110"), Settings).Agree);
    }

    [Fact]
    public void Classes_agree_only_when_equal()
    {
        Assert.True(LabelAgreement.Compare(Class(3), Class(3), Settings).Agree);
        var different = LabelAgreement.Compare(Class(3), Class(2), Settings);
        Assert.False(different.Agree);
        Assert.Equal(0.0, different.Score);
    }

    [Fact]
    public void Boxes_match_by_iou_within_a_class_and_agreement_is_their_f1()
    {
        // (0,0,10,10) vs (0,0,10,12): IoU 100/120. The other two boxes overlap nothing: 1 match of 4 boxes → F1 0.5.
        var result = LabelAgreement.Compare(
            Boxes(Box(0, 0, 10, 10, 0), Box(20, 20, 30, 30, 0)),
            Boxes(Box(0, 0, 10, 12, 0), Box(50, 50, 60, 60, 0)), Settings);

        Assert.Equal(0.5, result.Score, 12);
        Assert.False(result.Agree);
        Assert.Equal(100.0 / 120, result.Metrics.Single(m => m.Name == LabelAgreement.BoxMeanIoU).Value, 12);
    }

    [Fact]
    public void Overlapping_boxes_of_different_classes_do_not_match()
    {
        Assert.Equal(0.0, LabelAgreement.Compare(Boxes(Box(0, 0, 10, 10, 0)), Boxes(Box(0, 0, 10, 10, 1)), Settings).Score);
    }

    [Fact]
    public void Every_box_matched_is_agreement()
    {
        Assert.True(LabelAgreement.Compare(
            Boxes(Box(0, 0, 10, 10, 0), Box(20, 20, 30, 30, 1)),
            Boxes(Box(21, 20, 30, 30, 1), Box(0, 0, 10, 11, 0)), Settings).Agree);
    }

    [Fact]
    public void Cohens_kappa_of_the_textbook_table_is_0_4()
    {
        // 50 tasks: agreement 35/50 = 0.7; chance (25·30 + 25·20) / 50² = 0.5; κ = (0.7 − 0.5) / (1 − 0.5).
        Assert.Equal(0.4, CohenKappa.Compute([[20, 5], [10, 15]])!.Value, 12);
    }

    [Fact]
    public void Cohens_kappa_is_1_for_perfect_and_undefined_without_variety()
    {
        Assert.Equal(1.0, CohenKappa.Compute([[3, 0], [0, 4]])!.Value, 12);
        Assert.Null(CohenKappa.Compute([[5, 0], [0, 0]]));
        Assert.Null(CohenKappa.Compute([[0, 0], [0, 0]]));
    }
}
