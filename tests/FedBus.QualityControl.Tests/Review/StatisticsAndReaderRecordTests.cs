using FedBus.Contracts;
using FedBus.Imaging.Labels;
using FedBus.QualityControl.Agreement;
using FedBus.QualityControl.Readers;
using FedBus.QualityControl.Review;
using FedBus.QualityControl.Rules;
using FedBus.QualityControl.Statistics;
using static FedBus.QualityControl.Tests.Samples;

namespace FedBus.QualityControl.Tests.Review;

public sealed class StatisticsAndReaderRecordTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);
    private readonly SubmissionReviewer _reviewer = new(new LabelRules(), new AgreementSettings());

    [Fact]
    public void The_report_sends_every_cell_below_the_minimum_count_as_zero()
    {
        var record = SiteStatisticsRecord.New("model-1", Now);
        // 6 accepted class-1 labels, 2 accepted class-3 labels, 3 class-11 rejections, 5 one-based rejections.
        for (var i = 0; i < 6; i++) record = record.With(Decide(Class(1)), Now);
        for (var i = 0; i < 2; i++) record = record.With(Decide(Class(3)), Now);
        for (var i = 0; i < 3; i++) record = record.With(Decide(Class(11)), Now);
        for (var i = 0; i < 5; i++) record = record.With(Decide(Class(5), new ReaderHistory(1, 1)), Now);

        var report = record.Report("site-a", minimumCellCount: 5, Now);

        Assert.Equal([new ClassCount(1, 6), new ClassCount(3, 0)], report.AcceptedClassCounts);
        var counts = report.Counts.ToDictionary(c => c.Name, c => c.Value);
        Assert.Equal(16, counts[StatisticsNames.Reviewed]);
        Assert.Equal(8, counts[StatisticsNames.Accepted]);
        Assert.Equal(8, counts[StatisticsNames.Rejected]);
        Assert.Equal(0, counts[StatisticsNames.RejectedPrefix + QcCodes.ClassOutOfRange]);
        Assert.Equal(5, counts[StatisticsNames.RejectedPrefix + QcCodes.OneBasedLabels]);
        Assert.Equal(8, counts[StatisticsNames.NewAcceptedCases]);
        Assert.Equal(5, report.MinimumCellCount);
        Assert.Equal(QcIds.StatisticsReport("site-a", "model-1", 1), report.MessageId);
    }

    [Fact]
    public void A_report_is_due_after_the_configured_number_of_verdicts_and_restarts_the_count()
    {
        var record = SiteStatisticsRecord.New("model-1", Now);
        for (var i = 0; i < 2; i++) record = record.With(Decide(Class(1)), Now);
        Assert.False(record.ReportDue(3));

        record = record.With(Decide(Class(1)), Now);
        Assert.True(record.ReportDue(3));

        var after = record.Reported(Now);
        Assert.False(after.ReportDue(3));
        Assert.Equal(1, after.ReportSequence);
        Assert.Equal(0, after.NewAcceptedCases);
        Assert.Equal(3, after.AcceptedCases);
    }

    [Fact]
    public void A_withdrawn_case_leaves_the_histogram_and_the_accepted_count()
    {
        var accepted = Decide(Class(2));
        var record = SiteStatisticsRecord.New("model-1", Now).With(accepted, Now).WithWithdrawal(accepted.Task, Now);

        Assert.Equal(0, record.AcceptedClassCounts[2]);
        Assert.Equal(0, record.AcceptedCases);
        Assert.Equal(1, record.Count(StatisticsNames.CasesWithdrawn));
    }

    [Fact]
    public void A_reader_whose_recent_agreement_is_below_the_threshold_is_off_once_there_are_enough_comparisons()
    {
        var reader = ReaderRecord.New("model-1", "dr-x", Now);
        foreach (var score in new[] { 0.9, 0.5, 0.6, 0.7 }) reader = reader.WithAgreement(score, window: 5, Now);
        Assert.False(reader.IsOff(0.75, minimumComparisons: 5));

        reader = reader.WithAgreement(0.6, 5, Now);
        // (0.9 + 0.5 + 0.6 + 0.7 + 0.6) / 5 = 0.66.
        Assert.Equal(0.66, reader.RecentMeanAgreement!.Value, 12);
        Assert.True(reader.IsOff(0.75, 5));

        // The window slides: five good reads later the reader is no longer off, though the lifetime mean remembers.
        for (var i = 0; i < 5; i++) reader = reader.WithAgreement(1.0, 5, Now);
        Assert.False(reader.IsOff(0.75, 5));
        Assert.Equal(8.3 / 10, reader.MeanAgreement!.Value, 12);
    }

    [Fact]
    public void A_readers_history_counts_recent_one_based_labels()
    {
        var reader = ReaderRecord.New("model-1", "dr-a", Now)
            .WithVerdict(Decide(Mask("11", "12")).Submission, window: 2)
            .WithVerdict(Decide(Mask("00", "01")).Submission, 2);
        Assert.True(reader.History.CountedFromOneLately);
        Assert.Equal(1, reader.FindingCounts[QcCodes.OneBasedLabels]);

        reader = reader.WithVerdict(Decide(Mask("00", "01")).Submission, 2);
        Assert.False(reader.History.CountedFromOneLately);
        Assert.Equal(2, reader.History.RecentSubmissions);
    }

    [Fact]
    public void A_reader_pair_keeps_the_table_of_its_classes_the_same_way_round()
    {
        var pair = ReaderPairRecord.New("model-1", "dr-b", "dr-a", Now);
        pair = pair.With(new PairObservation("dr-a", "dr-b", 1, true, 1, 1), 3, Now);
        pair = pair.With(new PairObservation("dr-b", "dr-a", 0, false, 2, 1), 3, Now);

        Assert.Equal("dr-a", pair.ReaderA);
        // Row = dr-a's class: (1,1) and, swapped back, dr-a said 1 where dr-b said 2.
        Assert.Equal([[0, 0, 0], [0, 1, 1], [0, 0, 0]], pair.ClassTable!);
        Assert.Equal(0.5, pair.MeanAgreement!.Value, 12);
        Assert.Equal(ReaderPairRecord.IdOf("model-1", "dr-a", "dr-b"), ReaderPairRecord.IdOf("model-1", "dr-b", "dr-a"));
    }

    private ReviewResult Decide(ImageLabel label, ReaderHistory? history = null)
    {
        var (kind, schema) = label is MaskLabel ? (TaskKind.Segmentation, Brain) : (TaskKind.Classification, FiveClasses);
        var s = Submissions.For(Guid.NewGuid(), "dr-a", label, kind, schema, rows: 2, columns: 2);
        return _reviewer.Review(new SubmissionReview(null, s, LabelReading.Of(label), null, history ?? ReaderHistory.None,
            new Dictionary<int, ImageLabel>(), false, Now))!;
    }
}
