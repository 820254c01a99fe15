using FedBus.Contracts;
using FedBus.QualityControl.Rules;
using static FedBus.QualityControl.Tests.Samples;

namespace FedBus.QualityControl.Tests.Rules;

public sealed class ClassIdsRuleTests
{
    private readonly ClassIdsRule _rule = new();

    [Fact]
    public void A_zero_based_brain_mask_passes()
    {
        Assert.Empty(_rule.Check(UnderReview(TaskKind.Segmentation, Brain, Mask("0000", "0110", "0110", "0000"))));
    }

    [Fact]
    public void A_mask_without_background_whose_values_reach_the_class_count_is_one_based()
    {
        // Background drawn as 1, brain as 2: no 0 anywhere, max 2 = K.
        var finding = Assert.Single(_rule.Check(UnderReview(TaskKind.Segmentation, Brain, Mask("1111", "1221", "1221", "1111"))));

        Assert.Equal(QcCodes.OneBasedLabels, finding.Code);
        Assert.True(finding.IsError);
        Assert.Contains("subtract 1", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_mask_that_is_all_structure_counted_from_zero_is_not_called_one_based()
    {
        // All 1s: valid 0-based (the brain fills the image); nothing reaches K = 2.
        Assert.Empty(_rule.Check(UnderReview(TaskKind.Segmentation, Brain, Filled(4, 4, 1))));
    }

    [Fact]
    public void A_mask_with_background_and_an_id_past_the_list_is_out_of_range_with_its_pixel_count()
    {
        var finding = Assert.Single(_rule.Check(UnderReview(TaskKind.Segmentation, Brain, Mask("0000", "0130", "0110", "0000"))));

        Assert.Equal(QcCodes.ClassOutOfRange, finding.Code);
        Assert.Contains("Class 3 (1 pixel) is not in this task's list of 2 classes (0 = background, 1 = brain)", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_binary_mask_saved_as_0_and_255_is_named_as_such()
    {
        var mask = Mask("0000", "0110", "0110", "0000");
        for (var i = 0; i < mask.ClassIds.Length; i++) mask.ClassIds[i] *= 255;

        var finding = Assert.Single(_rule.Check(UnderReview(TaskKind.Segmentation, Brain, mask)));

        Assert.Equal(QcCodes.MaskScaled255, finding.Code);
    }

    [Fact]
    public void Class_11_in_a_five_class_task_is_out_of_range()
    {
        var finding = Assert.Single(_rule.Check(UnderReview(TaskKind.Classification, FiveClasses, Class(11))));

        Assert.Equal(QcCodes.ClassOutOfRange, finding.Code);
        Assert.StartsWith("Class 11 is not in this task's list of 5 classes (0 = normal, 1 = glioma", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_negative_class_is_out_of_range()
    {
        Assert.Equal(QcCodes.ClassOutOfRange, Assert.Single(_rule.Check(UnderReview(TaskKind.Classification, FiveClasses, Class(-1)))).Code);
    }

    [Fact]
    public void Class_K_alone_is_out_of_range_with_a_hint_because_one_id_cannot_tell_a_shift_from_a_slip()
    {
        var finding = Assert.Single(_rule.Check(UnderReview(TaskKind.Classification, FiveClasses, Class(5))));

        Assert.Equal(QcCodes.ClassOutOfRange, finding.Code);
        Assert.Contains("If you counted from 1, class 5 is 4 (metastasis).", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Class_K_is_one_based_when_the_model_said_K_minus_1()
    {
        var finding = Assert.Single(_rule.Check(UnderReview(TaskKind.Classification, FiveClasses, Class(5), prefill: new Imaging.Labels.ClassIdLabel(4, [0.1, 0.1, 0.1, 0.1, 0.6]))));

        Assert.Equal(QcCodes.OneBasedLabels, finding.Code);
        Assert.Contains("Submit 4.", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Class_K_is_one_based_when_the_reader_counted_from_one_lately()
    {
        var finding = Assert.Single(_rule.Check(UnderReview(TaskKind.Classification, FiveClasses, Class(5), history: new ReaderHistory(10, 1))));

        Assert.Equal(QcCodes.OneBasedLabels, finding.Code);
        Assert.Contains("Your recent labels", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Class_K_plus_1_stays_out_of_range_whatever_the_history_because_a_shift_does_not_explain_it()
    {
        Assert.Equal(QcCodes.ClassOutOfRange,
            Assert.Single(_rule.Check(UnderReview(TaskKind.Classification, FiveClasses, Class(6), history: new ReaderHistory(10, 3)))).Code);
    }

    [Fact]
    public void An_in_range_class_is_never_questioned_even_from_a_reader_who_counted_from_one()
    {
        Assert.Empty(_rule.Check(UnderReview(TaskKind.Classification, FiveClasses, Class(4), history: new ReaderHistory(10, 3))));
    }

    [Fact]
    public void Boxes_whose_classes_run_1_to_K_on_pre_annotated_boxes_one_class_lower_are_one_based()
    {
        var label = Boxes(Box(0, 0, 10, 10, 3), Box(20, 20, 30, 30, 1));
        var prefill = Boxes(Box(0, 0, 10, 10, 2), Box(20, 20, 31, 30, 0));

        var finding = Assert.Single(_rule.Check(UnderReview(TaskKind.Detection, Lesions, label, 64, 64, prefill)));

        Assert.Equal(QcCodes.OneBasedLabels, finding.Code);
    }

    [Fact]
    public void Boxes_with_class_K_that_overlap_nothing_are_out_of_range()
    {
        var label = Boxes(Box(0, 0, 10, 10, 3), Box(20, 20, 30, 30, 1));

        Assert.Equal(QcCodes.ClassOutOfRange, Assert.Single(_rule.Check(UnderReview(TaskKind.Detection, Lesions, label, 64, 64))).Code);
    }

    [Fact]
    public void Boxes_with_class_0_and_class_K_are_out_of_range_not_shifted()
    {
        var label = Boxes(Box(0, 0, 10, 10, 0), Box(20, 20, 30, 30, 3));

        Assert.Equal(QcCodes.ClassOutOfRange,
            Assert.Single(_rule.Check(UnderReview(TaskKind.Detection, Lesions, label, 64, 64, history: new ReaderHistory(5, 5)))).Code);
    }
}
