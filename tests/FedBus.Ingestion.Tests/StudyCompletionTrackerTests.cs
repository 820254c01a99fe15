using FedBus.Ingestion.Studies;

namespace FedBus.Ingestion.Tests;

public sealed class StudyCompletionTrackerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 27, 8, 0, 0, TimeSpan.Zero);
    private readonly StudyCompletionTracker _tracker = new(TimeSpan.FromSeconds(30));

    [Fact]
    public void A_study_is_complete_when_the_association_that_sent_it_is_released()
    {
        var association = Guid.NewGuid();
        Assert.True(_tracker.InstanceReceived("1.2", association, T0));
        Assert.False(_tracker.InstanceReceived("1.2", association, T0.AddSeconds(1)));
        Assert.Equal(["1.2"], _tracker.AssociationEnded(association, released: true));
        Assert.Equal(0, _tracker.PendingCount);
    }

    [Fact]
    public void A_study_still_sent_by_another_association_waits_for_that_one()
    {
        Guid a = Guid.NewGuid(), b = Guid.NewGuid();
        _tracker.InstanceReceived("1.2", a, T0);
        _tracker.InstanceReceived("1.2", b, T0);
        Assert.Empty(_tracker.AssociationEnded(a, released: true));
        Assert.Empty(_tracker.TakeSettled(T0.AddHours(1)));
        Assert.Equal(["1.2"], _tracker.AssociationEnded(b, released: true));
    }

    [Fact]
    public void An_aborted_association_leaves_its_studies_to_the_settle_time()
    {
        var a = Guid.NewGuid();
        _tracker.InstanceReceived("1.2", a, T0);
        Assert.Empty(_tracker.AssociationEnded(a, released: false));
        Assert.Empty(_tracker.TakeSettled(T0.AddSeconds(29)));
        Assert.Equal(["1.2"], _tracker.TakeSettled(T0.AddSeconds(30)));
        Assert.Empty(_tracker.TakeSettled(T0.AddSeconds(60)));
    }

    [Fact]
    public void Instances_without_an_association_settle_after_the_last_one_arrived()
    {
        _tracker.InstanceReceived("1.2", null, T0);
        _tracker.InstanceReceived("1.2", null, T0.AddSeconds(20));
        _tracker.InstanceReceived("1.3", null, T0.AddSeconds(5));
        Assert.Equal(["1.3"], _tracker.TakeSettled(T0.AddSeconds(40)));
        Assert.Equal(["1.2"], _tracker.TakeSettled(T0.AddSeconds(50)));
    }

    [Fact]
    public void A_study_that_arrives_again_after_completion_opens_anew()
    {
        var a = Guid.NewGuid();
        _tracker.InstanceReceived("1.2", a, T0);
        _tracker.AssociationEnded(a, released: true);
        Assert.True(_tracker.InstanceReceived("1.2", Guid.NewGuid(), T0.AddMinutes(1)));
    }

    [Fact]
    public void Ending_an_association_that_sent_nothing_completes_nothing()
    {
        _tracker.InstanceReceived("1.2", Guid.NewGuid(), T0);
        Assert.Empty(_tracker.AssociationEnded(Guid.NewGuid(), released: true));
        Assert.Equal(1, _tracker.PendingCount);
    }

    [Fact]
    public void A_settle_time_that_is_not_positive_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new StudyCompletionTracker(TimeSpan.Zero));
    }
}
