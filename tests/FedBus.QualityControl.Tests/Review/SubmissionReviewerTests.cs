using System.Security.Cryptography;
using FedBus.Contracts;
using FedBus.Imaging.Labels;
using FedBus.QualityControl.Agreement;
using FedBus.QualityControl.Review;
using FedBus.QualityControl.Rules;
using static FedBus.QualityControl.Tests.Samples;

namespace FedBus.QualityControl.Tests.Review;

public sealed class SubmissionReviewerTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);
    private readonly SubmissionReviewer _reviewer = new(new LabelRules(), new AgreementSettings(MinimumDice: 0.8));
    private readonly Guid _task = Guid.NewGuid();

    [Fact]
    public void A_correct_single_read_is_accepted_as_a_case_whose_ids_derive_from_the_task()
    {
        var mask = Mask("0000", "0110", "0110", "0000");
        var s = Submissions.For(_task, "dr-a", mask, TaskKind.Segmentation, Brain);

        var result = Review(null, s, mask)!;

        Assert.Equal(SubmissionOutcome.Accepted, result.Submission.Outcome);
        var accepted = Assert.IsType<AnnotationAccepted>(Assert.Single(result.Events));
        Assert.Equal(QcIds.CaseOf(_task), accepted.CaseId);
        Assert.Equal(QcIds.Accepted(_task), accepted.MessageId);
        Assert.Equal(["dr-a"], accepted.ReaderIds);
        Assert.Equal(Brain, accepted.Labels);
        Assert.Equal("model-1", accepted.ModelId);
        Assert.Equal(s.Image, accepted.Image);
        Assert.Equal(LabelMediaTypes.MaskPng, accepted.LabelMediaType);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(result.ConsensusLabel!.Bytes)), accepted.LabelBlobSha256);
        Assert.Equal(mask, LabelCodec.Decode(result.ConsensusLabel.Bytes, accepted.LabelMediaType));
        Assert.Equal([0, 1], result.Task.AcceptedClasses);
        Assert.Equal(TaskState.Accepted, result.Task.State);
    }

    [Fact]
    public void A_one_based_mask_is_rejected_to_its_reader_with_the_reason_and_nothing_is_kept()
    {
        var s = Submissions.For(_task, "dr-a", Mask("1111", "1221", "1221", "1111"), TaskKind.Segmentation, Brain);

        var result = Review(null, s, Mask("1111", "1221", "1221", "1111"))!;

        var rejected = Assert.IsType<AnnotationRejected>(Assert.Single(result.Events));
        Assert.Equal(QcIds.Rejected(s.SubmissionId), rejected.MessageId);
        Assert.Equal("dr-a", rejected.ReaderId);
        Assert.Equal(QcCodes.OneBasedLabels, Assert.Single(rejected.Reasons).Code);
        Assert.Empty(result.Task.Reads);
        Assert.Equal(TaskState.CollectingReads, result.Task.State);
    }

    [Fact]
    public void A_resubmission_after_a_rejection_is_accepted()
    {
        var first = Review(null, Submissions.For(_task, "dr-a", Class(11), TaskKind.Classification, FiveClasses), Class(11))!;
        Assert.NotNull(first.Rejected);

        var second = Review(first.Task, Submissions.For(_task, "dr-a", Class(3), TaskKind.Classification, FiveClasses), Class(3))!;

        Assert.NotNull(second.Accepted);
        Assert.Equal(2, second.Task.ReviewedSubmissions.Count);
    }

    [Fact]
    public void The_same_submission_twice_is_reviewed_once()
    {
        var s = Submissions.For(_task, "dr-a", Class(3), TaskKind.Classification, FiveClasses);
        var first = Review(null, s, Class(3))!;

        Assert.Null(Review(first.Task, s, Class(3)));
    }

    [Fact]
    public void An_unreadable_label_is_rejected_with_the_decoders_reason()
    {
        var s = Submissions.For(_task, "dr-a", Class(3), TaskKind.Classification, FiveClasses);

        var result = _reviewer.Review(new SubmissionReview(null, s, LabelReading.Decode("{\"class\":3}"u8, LabelMediaTypes.ClassJson),
            null, ReaderHistory.None, new Dictionary<int, ImageLabel>(), false, Now))!;

        var reason = Assert.Single(result.Rejected!.Reasons);
        Assert.Equal(QcCodes.LabelUnreadable, reason.Code);
        Assert.Contains("\"classId\" is missing", reason.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_rubber_stamp_is_accepted_and_its_warning_travels_with_the_case()
    {
        var mask = Mask("0000", "0110", "0110", "0000");
        var s = Submissions.For(_task, "dr-a", mask, TaskKind.Segmentation, Brain, prefillSha: new string('p', 64));

        var result = _reviewer.Review(new SubmissionReview(null, s, LabelReading.Of(mask), Mask("0000", "0110", "0110", "0000"),
            ReaderHistory.None, new Dictionary<int, ImageLabel>(), false, Now))!;

        Assert.Equal(QcCodes.RubberStamp, Assert.Single(result.Accepted!.Warnings).Code);
    }

    [Fact]
    public void Two_agreeing_reads_are_accepted_once_both_are_in()
    {
        var a = Mask("0000", "0110", "0110", "0000");
        var b = Mask("0000", "0110", "0111", "0000");
        var first = Review(null, Submissions.For(_task, "dr-a", a, TaskKind.Segmentation, Brain, 1, 2), a)!;
        Assert.Equal(SubmissionOutcome.Pending, first.Submission.Outcome);
        Assert.Empty(first.Events);

        var second = Review(first.Task, Submissions.For(_task, "dr-b", b, TaskKind.Segmentation, Brain, 2, 2), b, earlier: [(1, a)])!;

        // Dice 2·4/(4+5) = 8/9.
        Assert.Equal(["dr-a", "dr-b"], second.Accepted!.ReaderIds);
        Assert.True(second.Accepted.IsAuditSample);
        Assert.Equal(8.0 / 9, second.Pair!.Score, 12);
        Assert.True(second.Pair.Agree);
        Assert.All(second.ReaderAgreement, o => Assert.Equal(8.0 / 9, o.Score, 12));
        Assert.Equal(a, LabelCodec.Decode(second.ConsensusLabel!.Bytes, second.Accepted.LabelMediaType));
    }

    [Fact]
    public void Two_disagreeing_reads_ask_for_a_third_reader_and_three_reads_are_accepted_as_their_consensus()
    {
        var first = Review(null, Submissions.For(_task, "dr-a", Class(1), TaskKind.Classification, FiveClasses, 1, 2), Class(1))!;
        var second = Review(first.Task, Submissions.For(_task, "dr-b", Class(2), TaskKind.Classification, FiveClasses, 2, 2), Class(2), earlier: [(1, Class(1))])!;

        var adjudication = Assert.IsType<AnnotationAdjudicationRequested>(Assert.Single(second.Events));
        Assert.Equal(QcIds.AdjudicationRequested(_task), adjudication.MessageId);
        Assert.Equal(["dr-a", "dr-b"], adjudication.ReaderIds);
        Assert.Equal(0.0, Assert.Single(adjudication.Agreement).Value);
        Assert.Equal(TaskState.AwaitingAdjudication, second.Task.State);
        Assert.Equal(3, second.Task.RequiredReads);
        Assert.Equal((1, 2), (second.Pair!.ClassA, second.Pair.ClassB));

        var third = Review(second.Task, Submissions.For(_task, "dr-c", Class(2), TaskKind.Classification, FiveClasses, 3, 3), Class(2),
            earlier: [(1, Class(1)), (2, Class(2))])!;

        Assert.Equal(["dr-a", "dr-b", "dr-c"], third.Accepted!.ReaderIds);
        Assert.Equal(Class(2), LabelCodec.Decode(third.ConsensusLabel!.Bytes, third.Accepted.LabelMediaType));
        Assert.Equal([("dr-a", 0.0), ("dr-b", 1.0), ("dr-c", 1.0)], third.ReaderAgreement.Select(o => (o.ReaderId, o.Score)));
        Assert.Null(third.Pair);
    }

    [Fact]
    public void A_rejected_second_read_keeps_the_first_and_waits_for_its_resubmission()
    {
        var first = Review(null, Submissions.For(_task, "dr-a", Class(1), TaskKind.Classification, FiveClasses, 1, 2), Class(1))!;
        var bad = Review(first.Task, Submissions.For(_task, "dr-b", Class(5), TaskKind.Classification, FiveClasses, 2, 2), Class(5), earlier: [(1, Class(1))])!;

        Assert.NotNull(bad.Rejected);
        Assert.Single(bad.Task.Reads);

        var fixedRead = Review(bad.Task, Submissions.For(_task, "dr-b", Class(1), TaskKind.Classification, FiveClasses, 2, 2), Class(1), earlier: [(1, Class(1))])!;
        Assert.NotNull(fixedRead.Accepted);
    }

    [Fact]
    public void A_submission_after_the_task_was_accepted_changes_nothing()
    {
        var accepted = Review(null, Submissions.For(_task, "dr-a", Class(1), TaskKind.Classification, FiveClasses), Class(1))!;

        var late = Review(accepted.Task, Submissions.For(_task, "dr-z", Class(4), TaskKind.Classification, FiveClasses), Class(4))!;

        Assert.Equal(SubmissionOutcome.Ignored, late.Submission.Outcome);
        Assert.Empty(late.Events);
        Assert.Equal(accepted.Task.LabelBlobSha256, late.Task.LabelBlobSha256);
    }

    private ReviewResult? Review(TaskRecord? task, AnnotationSubmitted s, ImageLabel label, params (int Read, ImageLabel Label)[] earlier) =>
        _reviewer.Review(new SubmissionReview(task, s, LabelReading.Of(label), null, ReaderHistory.None,
            earlier.ToDictionary(e => e.Read, e => e.Label), false, Now));
}
