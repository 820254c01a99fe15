using FedBus.Imaging.Labels;
using FedBus.QualityControl.Agreement;
using static FedBus.QualityControl.Tests.Samples;

namespace FedBus.QualityControl.Tests.Agreement;

public sealed class ConsensusTests
{
    [Fact]
    public void Three_masks_vote_per_pixel()
    {
        var consensus = Consensus.Of([Mask("0110"), Mask("0111"), Mask("1100")], tieBreaker: 2);

        Assert.Equal(Mask("0110"), consensus);
    }

    [Fact]
    public void Where_three_reads_all_differ_the_adjudicator_decides()
    {
        Assert.Equal(Mask("02"), Consensus.Of([Mask("00"), Mask("01"), Mask("12")], tieBreaker: 2));
    }

    [Fact]
    public void Two_reads_keep_what_they_share_and_the_first_read_breaks_ties()
    {
        Assert.Equal(Mask("0110"), Consensus.Of([Mask("0110"), Mask("0111")], tieBreaker: 0));
    }

    [Fact]
    public void Classes_take_the_majority_or_the_adjudicator()
    {
        Assert.Equal(Class(1), Consensus.Of([Class(1), Class(2), Class(1)], tieBreaker: 2));
        Assert.Equal(Class(3), Consensus.Of([Class(1), Class(2), Class(3)], tieBreaker: 2));
    }

    [Fact]
    public void A_single_read_becomes_canonical_without_probabilities_or_scores()
    {
        Assert.Equal(new ClassIdLabel(2), Consensus.Of([new ClassIdLabel(2, [0.2, 0.1, 0.7])], 0));
        Assert.Equal(Boxes(Box(1, 2, 3, 4, 0)), Consensus.Of([Boxes(new LabelBox(1, 2, 3, 4, 0, 0.9))], 0));
    }

    [Fact]
    public void Boxes_of_three_reads_group_by_iou_and_stand_when_most_reads_drew_them()
    {
        // One object drawn by all three (classes 1, 1, 0 → 1; edges averaged); one box only read 2 drew → dropped.
        var consensus = (BoxesLabel)Consensus.Of([
            Boxes(Box(0, 0, 10, 10, 1)),
            Boxes(Box(1, 0, 11, 10, 1), Box(30, 30, 40, 40, 2)),
            Boxes(Box(0, 1, 10, 11, 0)),
        ], tieBreaker: 2);

        var box = Assert.Single(consensus.Boxes);
        Assert.Equal(1, box.ClassId);
        Assert.Equal(1.0 / 3, box.X0, 12);
        Assert.Equal(1.0 / 3, box.Y0, 12);
        Assert.Equal(31.0 / 3, box.X1, 12);
        Assert.Equal(31.0 / 3, box.Y1, 12);
    }

    [Fact]
    public void A_box_only_the_adjudicator_drew_is_outvoted()
    {
        var consensus = (BoxesLabel)Consensus.Of([Boxes(), Boxes(), Boxes(Box(0, 0, 5, 5, 0))], tieBreaker: 2);

        Assert.Empty(consensus.Boxes);
    }
}
