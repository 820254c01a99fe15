using FedBus.Ingestion.Index;
using FedBus.Ingestion.Studies;

namespace FedBus.Ingestion.Tests;

public sealed class StudyCompletionRulesTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 27, 8, 0, 0, TimeSpan.Zero);
    private static readonly StudyAttributes Attributes = new("P1", "Doe^Jane", null, null, "20261127", "080000", "ACC", null, null, null);
    private readonly StudyCompletionRules _rules = new(TimeSpan.FromSeconds(30));

    private StudyRecord Opened(Guid? association, DateTimeOffset at) =>
        _rules.InstancesArrived(_rules.Open("1.2", Attributes, "PACS", at), association, at);

    [Fact]
    public void A_study_is_complete_when_the_association_that_sent_it_is_released()
    {
        var association = Guid.NewGuid();
        var study = _rules.InstancesArrived(Opened(association, T0), association, T0.AddSeconds(1));
        Assert.Single(study.Senders);
        Assert.False(_rules.IsCompleteNow(study));

        study = _rules.AssociationEnded(study, association, released: true);
        Assert.True(_rules.IsCompleteNow(study));
    }

    [Fact]
    public void A_study_still_sent_by_another_association_waits_for_it_while_its_replica_says_it_is_alive()
    {
        Guid a = Guid.NewGuid(), b = Guid.NewGuid();
        var study = _rules.InstancesArrived(Opened(a, T0), b, T0);
        study = _rules.AssociationEnded(study, a, released: true);
        Assert.False(_rules.IsCompleteNow(study));

        study = _rules.StillSending(study, b, T0.AddMinutes(10));
        Assert.False(_rules.IsSettled(study, T0.AddMinutes(10).AddSeconds(29)));
        Assert.True(_rules.IsCompleteNow(_rules.AssociationEnded(study, b, released: true)));
    }

    [Fact]
    public void A_sender_whose_replica_died_stops_holding_the_study_after_the_settle_time()
    {
        Guid a = Guid.NewGuid(), dead = Guid.NewGuid();
        var study = _rules.InstancesArrived(Opened(a, T0), dead, T0.AddSeconds(5));
        study = _rules.AssociationEnded(study, a, released: true);

        Assert.False(_rules.IsSettled(study, T0.AddSeconds(34)));
        Assert.True(_rules.IsSettled(study, T0.AddSeconds(35)));
    }

    [Fact]
    public void An_aborted_association_leaves_its_study_to_the_settle_time()
    {
        var a = Guid.NewGuid();
        var study = _rules.AssociationEnded(Opened(a, T0), a, released: false);
        Assert.False(_rules.IsCompleteNow(study));
        Assert.False(_rules.IsSettled(study, T0.AddSeconds(29)));
        Assert.True(_rules.IsSettled(study, T0.AddSeconds(30)));
    }

    [Fact]
    public void Instances_without_an_association_settle_after_the_last_one_arrived()
    {
        var study = _rules.InstancesArrived(Opened(null, T0), null, T0.AddSeconds(20));
        Assert.Empty(study.Senders);
        Assert.False(_rules.IsSettled(study, T0.AddSeconds(40)));
        Assert.True(_rules.IsSettled(study, T0.AddSeconds(50)));
    }

    [Fact]
    public void A_complete_study_that_gets_new_instances_opens_its_next_generation()
    {
        var a = Guid.NewGuid();
        var complete = _rules.Complete(_rules.AssociationEnded(Opened(a, T0), a, released: true), instanceCount: 3, T0.AddSeconds(1));
        Assert.Equal((StudyState.Complete, 1, 1, 3), (complete.State, complete.Generation, complete.PublishedGeneration, complete.PublishedInstanceCount));
        Assert.False(_rules.IsSettled(complete, T0.AddHours(1)));

        var reopened = _rules.InstancesArrived(complete, Guid.NewGuid(), T0.AddMinutes(1));
        Assert.Equal((StudyState.Receiving, 2, 1), (reopened.State, reopened.Generation, reopened.PublishedGeneration));
        Assert.False(reopened.EndedByRelease);
    }

    [Fact]
    public void Ending_an_association_that_did_not_send_the_study_changes_nothing()
    {
        var study = Opened(Guid.NewGuid(), T0);
        Assert.Same(study, _rules.AssociationEnded(study, Guid.NewGuid(), released: true));
        Assert.Same(study, _rules.StillSending(study, Guid.NewGuid(), T0.AddSeconds(1)));
        Assert.False(_rules.IsCompleteNow(study));
    }

    [Fact]
    public void A_settle_time_that_is_not_positive_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new StudyCompletionRules(TimeSpan.Zero));
    }
}
