using FedBus.Contracts;
using FedBus.Imaging.Labels;
using FedBus.QualityControl.Rules;
using static FedBus.QualityControl.Tests.Samples;

namespace FedBus.QualityControl.Tests.Rules;

public sealed class RubberStampRuleTests
{
    private readonly RubberStampRule _rule = new();

    [Fact]
    public void The_unedited_pre_annotation_on_a_task_opened_for_doubt_is_a_warning()
    {
        var mask = Mask("0000", "0110", "0110", "0000");

        var finding = Assert.Single(_rule.Check(UnderReview(TaskKind.Segmentation, Brain, mask, prefill: Mask("0000", "0110", "0110", "0000"), openedBecause: ["uncertainty"])));

        Assert.Equal(QcCodes.RubberStamp, finding.Code);
        Assert.False(finding.IsError);
        Assert.Contains("(uncertainty)", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void One_edited_pixel_is_not_a_rubber_stamp()
    {
        Assert.Empty(_rule.Check(UnderReview(TaskKind.Segmentation, Brain, Mask("0000", "0110", "0111", "0000"), prefill: Mask("0000", "0110", "0110", "0000"))));
    }

    [Fact]
    public void Confirming_the_model_on_an_audit_sample_is_expected_not_flagged()
    {
        Assert.Empty(_rule.Check(UnderReview(TaskKind.Classification, FiveClasses, Class(2), prefill: new ClassIdLabel(2, [0, 0, 1, 0, 0]), openedBecause: [QcCodes.AuditSample])));
    }

    [Fact]
    public void The_class_the_model_chose_is_compared_without_its_probabilities()
    {
        var finding = Assert.Single(_rule.Check(UnderReview(TaskKind.Classification, FiveClasses, Class(2), prefill: new ClassIdLabel(2, [0.1, 0.1, 0.5, 0.2, 0.1]), openedBecause: ["qc:ood-intensity"])));

        Assert.Equal(QcCodes.RubberStamp, finding.Code);
    }

    [Fact]
    public void The_same_boxes_in_another_order_and_without_scores_are_a_rubber_stamp()
    {
        var prefill = Boxes(new LabelBox(1, 1, 5, 5, 0, 0.9), new LabelBox(10, 10, 20, 20, 1, 0.6));

        Assert.Single(_rule.Check(UnderReview(TaskKind.Detection, Lesions, Boxes(Box(10, 10, 20, 20, 1), Box(1, 1, 5, 5, 0)), 64, 64, prefill)));
        Assert.Empty(_rule.Check(UnderReview(TaskKind.Detection, Lesions, Boxes(Box(10, 10, 20, 21, 1), Box(1, 1, 5, 5, 0)), 64, 64, prefill)));
    }
}
