using System.Text.Json;
using FedBus.Aggregation.Rounds;
using FedBus.Aggregation.Strategies;
using FedBus.Aggregation.Tests.Service.Support;
using FedBus.Contracts;
using FedBus.ServiceDefaults.Storage;
using static FedBus.Aggregation.Tests.Service.Support.RoundData;

namespace FedBus.Aggregation.Tests.Service;

/// <summary>The round state machine on its own: plain data in, the round and its events out.</summary>
public sealed class RoundLifecycleTests
{
    private readonly RoundLifecycle _lifecycle = Lifecycle();

    [Fact]
    public void Opening_a_round_invites_the_sites_with_the_base_weights_and_the_deadline()
    {
        var t = Open(_lifecycle, Settings(minimumSites: 2), "site-b", "site-a", "site-a");

        Assert.Equal(RoundState.Collecting, t.Round.State);
        Assert.Equal(["site-a", "site-b"], t.Round.InvitedSites);
        Assert.Equal(Start + TimeSpan.FromMinutes(30), t.Round.UpdateDeadline);
        Assert.Equal(t.Round.UpdateDeadline, t.Round.NextDeadline);
        var started = Assert.IsType<TrainingRoundStarted>(Assert.Single(t.Events));
        Assert.Equal((t.Round.RoundId, 3, BaseSha), (started.RoundId, started.BaseModelVersion, started.BaseWeights.WeightsSha256));
        Assert.Equal(["site-a", "site-b"], started.InvitedSites);
        Assert.Equal(AggregationIds.RoundStarted(t.Round.RoundId), started.MessageId);
    }

    [Fact]
    public void A_round_cannot_open_with_fewer_sites_than_it_needs()
    {
        var e = Assert.Throws<RoundRefusedException>(() => Open(_lifecycle, Settings(minimumSites: 3), "site-a", "site-b"));
        Assert.Equal("too-few-sites", e.Code);
        Assert.Contains("at least 3", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_round_cannot_open_with_settings_the_strategies_refuse()
    {
        var e = Assert.Throws<RoundRefusedException>(() => Open(_lifecycle, Settings(minimumSites: 3, strategy: AggregationStrategy.Krum)));
        Assert.Equal((400, "bad-settings"), (e.Status, e.Code));
        Assert.Contains("needs at least 5", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_round_aggregates_as_soon_as_every_invited_site_has_answered()
    {
        var round = Open(_lifecycle).Round;
        round = Submit(round, "site-a");
        round = Submit(round, "site-b");
        Assert.Equal(RoundState.Collecting, round.State);
        Assert.Equal(["site-c"], round.Pending);

        round = Submit(round, "site-c");

        Assert.Equal(RoundState.Aggregating, round.State);
        Assert.Equal(["site-a", "site-b", "site-c"], round.Updates.Select(u => u.SiteId));
        Assert.Null(round.NextDeadline);
    }

    [Fact]
    public void With_k_of_n_the_round_waits_for_the_others_until_the_straggler_deadline_and_then_aggregates_what_came()
    {
        var round = Submit(Submit(Open(_lifecycle).Round, "site-a"), "site-b");

        var early = _lifecycle.DeadlinePassed(round, null, Start + TimeSpan.FromMinutes(29));
        Assert.False(early.Changed);

        var late = _lifecycle.DeadlinePassed(round, null, round.UpdateDeadline);
        Assert.Equal(RoundState.Aggregating, late.Round.State);
        Assert.Empty(late.Events);
        Assert.Contains("no answer from site-c", late.Round.Notes.Single(), StringComparison.Ordinal);
    }

    [Fact]
    public void Fewer_than_k_updates_at_the_deadline_close_the_round_as_too_few_updates()
    {
        var round = Submit(Open(_lifecycle).Round, "site-a");

        var t = _lifecycle.DeadlinePassed(round, null, round.UpdateDeadline + TimeSpan.FromSeconds(1));

        Assert.Equal(RoundState.TooFewUpdates, t.Round.State);
        var closed = Assert.IsType<TrainingRoundClosed>(Assert.Single(t.Events));
        Assert.Equal((RoundOutcome.TooFewUpdates, (int?)null), (closed.Outcome, closed.PublishedVersion));
        Assert.Contains("Only 1 of the at least 2", closed.Reason, StringComparison.Ordinal);
        Assert.Contains("site-b, site-c", closed.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void An_update_trained_from_another_base_version_is_refused_with_the_reason_and_never_aggregated()
    {
        var round = Open(_lifecycle, Settings(minimumSites: 1), "site-a", "site-b").Round;
        var stale = Update(round, "site-a", baseVersion: 2);

        var t = _lifecycle.Submit(round, stale, stale.Weights.WeightsSha256, Fine, Start.AddMinutes(1));

        Assert.Empty(t.Round.Updates);
        var refused = Assert.Single(t.Round.Refused);
        Assert.Equal(("site-a", stale.MessageId), (refused.SiteId, refused.MessageId));
        Assert.Contains("trained from version 2", refused.Reason, StringComparison.Ordinal);
        Assert.Contains("stale", refused.Reason, StringComparison.Ordinal);
        // The site answered (it will not send another), so the round goes on with the one remaining site.
        round = Submit(t.Round, "site-b");
        Assert.Equal(RoundState.Aggregating, round.State);
        Assert.Equal(["site-b"], round.Updates.Select(u => u.SiteId));
    }

    [Fact]
    public void An_update_after_the_deadline_is_refused_as_late_even_before_the_sweep_ran()
    {
        var round = Submit(Submit(Open(_lifecycle).Round, "site-a"), "site-b");
        var late = Update(round, "site-c");

        var t = _lifecycle.Submit(round, late, late.Weights.WeightsSha256, Fine, round.UpdateDeadline.AddSeconds(5));

        Assert.Equal(RoundState.Aggregating, t.Round.State);
        Assert.Equal(["site-a", "site-b"], t.Round.Updates.Select(u => u.SiteId));
        Assert.Contains("late update never enters an aggregate", Assert.Single(t.Round.Refused).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void An_update_for_a_round_that_stopped_collecting_is_refused_as_late()
    {
        var round = Submit(Submit(Submit(Open(_lifecycle).Round, "site-a"), "site-b"), "site-c");
        var again = Update(round, "site-a");

        var t = _lifecycle.Submit(round, again, again.Weights.WeightsSha256, null, Start.AddMinutes(2));

        Assert.Equal(3, t.Round.Updates.Count);
        Assert.Contains("stopped collecting", Assert.Single(t.Round.Refused).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_second_update_from_a_site_is_refused_and_the_first_one_counts()
    {
        var round = Submit(Open(_lifecycle).Round, "site-a", samples: 10);
        var second = Update(round, "site-a", samples: 99);

        var t = _lifecycle.Submit(round, second, second.Weights.WeightsSha256, Fine, Start.AddMinutes(2));

        Assert.Equal(10, Assert.Single(t.Round.Updates).TrainingSamples);
        Assert.Contains("the first one counts", Assert.Single(t.Round.Refused).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_update_delivered_twice_changes_nothing()
    {
        var round = Open(_lifecycle).Round;
        var update = Update(round, "site-a");
        round = _lifecycle.Submit(round, update, update.Weights.WeightsSha256, Fine, Start.AddMinutes(1)).Round;

        var again = _lifecycle.Submit(round, update, update.Weights.WeightsSha256, Fine, Start.AddMinutes(2));

        Assert.False(again.Changed);
        Assert.Same(round, again.Round);
    }

    [Fact]
    public void Updates_from_a_site_not_invited_or_for_another_model_are_refused()
    {
        var round = Open(_lifecycle, Settings(), "site-a", "site-b").Round;
        var stranger = Update(round, "site-x");
        var otherModel = Update(round, "site-a") with { ModelId = "lungs" };

        round = _lifecycle.Submit(round, stranger, stranger.Weights.WeightsSha256, Fine, Start.AddMinutes(1)).Round;
        round = _lifecycle.Submit(round, otherModel, otherModel.Weights.WeightsSha256, Fine, Start.AddMinutes(1)).Round;

        Assert.Empty(round.Updates);
        Assert.Contains("was not invited", round.Refused[0].Reason, StringComparison.Ordinal);
        Assert.Contains("for model 'lungs'", round.Refused[1].Reason, StringComparison.Ordinal);
        // A wrong update from an invited site is its answer (it will not send another); the stranger's is not.
        Assert.Equal(["site-b"], round.Pending);
    }

    [Fact]
    public void An_update_whose_weights_fail_inspection_is_refused_and_an_all_refused_round_ends_with_too_few_updates()
    {
        var round = Open(_lifecycle, Settings(minimumSites: 1), "site-a").Round;
        var poisoned = Update(round, "site-a");

        var t = _lifecycle.Submit(round, poisoned, poisoned.Weights.WeightsSha256, UpdateInspection.Rejected("Tensor 'fc.weight' holds 3 NaN values (of 16)."), Start.AddMinutes(1));

        Assert.Equal(RoundState.TooFewUpdates, t.Round.State);
        Assert.Contains("NaN", Assert.Single(t.Round.Refused).Reason, StringComparison.Ordinal);
        var closed = Assert.IsType<TrainingRoundClosed>(Assert.Single(t.Events));
        Assert.Equal(["site-a"], closed.RejectedSites);
    }

    [Fact]
    public void The_candidate_goes_for_validation_to_the_sites_it_includes()
    {
        var round = Submit(Submit(Submit(Open(_lifecycle).Round, "site-a"), "site-b"), "site-c");

        var t = _lifecycle.CandidateBuilt(round, Candidate(round, excluded: "site-c"), Start.AddMinutes(5));

        Assert.Equal(RoundState.Validating, t.Round.State);
        Assert.Equal(Start.AddMinutes(15), t.Round.ValidationDeadline);
        var validate = Assert.IsType<ValidateCandidateModel>(Assert.Single(t.Events));
        Assert.Equal((5, 3), (validate.CandidateVersion, validate.CurrentVersion));
        Assert.Equal(["site-a", "site-b"], validate.Sites);
        Assert.Equal(Sha("candidate"), validate.CandidateWeights.WeightsSha256);
    }

    [Fact]
    public void The_gate_publishes_a_candidate_that_does_not_regress_with_the_next_publication_number()
    {
        var round = Validating();
        round = _lifecycle.Validated(round, Validation(round, "site-a", candidate: 0.82, current: 0.80), Current(), Start.AddMinutes(6)).Round;
        Assert.Equal(RoundState.Validating, round.State);

        var t = _lifecycle.Validated(round, Validation(round, "site-b", candidate: 0.79, current: 0.80, cases: 10), Current(publication: 7), Start.AddMinutes(7));

        Assert.Equal((RoundState.Published, (int?)5), (t.Round.State, t.Round.PublishedVersion));
        var published = Assert.IsType<GlobalModelPublished>(t.Events[0]);
        Assert.Equal((5, 8L, false), (published.ModelVersion, published.Publication, published.IsRollback));
        Assert.Equal([3], published.ParentVersions);
        Assert.Equal(AggregationIds.Published(Model, 8), published.MessageId);
        // (0.82·20 + 0.79·10) / 30
        Assert.Equal(0.81, published.ValidationMetrics.Single(m => m.Name == "dice").Value, 10);
        var closed = Assert.IsType<TrainingRoundClosed>(t.Events[1]);
        Assert.Equal((RoundOutcome.Published, (int?)5), (closed.Outcome, closed.PublishedVersion));
        Assert.Equal(["site-a", "site-b"], closed.AggregatedSites);
    }

    [Fact]
    public void The_gate_rejects_a_candidate_that_regresses_overall_and_says_by_how_much()
    {
        var round = Validating();
        round = _lifecycle.Validated(round, Validation(round, "site-a", candidate: 0.70, current: 0.80), Current(), Start.AddMinutes(6)).Round;

        var t = _lifecycle.Validated(round, Validation(round, "site-b", candidate: 0.76, current: 0.78, cases: 10), Current(), Start.AddMinutes(7));

        Assert.Equal(RoundState.RejectedByGate, t.Round.State);
        var rejected = Assert.IsType<CandidateModelRejected>(t.Events[0]);
        Assert.Equal((5, 3), (rejected.CandidateVersion, rejected.CurrentVersion));
        var overall = rejected.Overall.ToDictionary(m => m.Name, m => m.Value);
        Assert.Equal(0.72, overall["dice-candidate"], 10); // (0.70·20 + 0.76·10) / 30
        Assert.Equal(0.79333333333, overall["dice-current"], 8); // (0.80·20 + 0.78·10) / 30
        Assert.Equal(0.01, overall["tolerance"]);
        Assert.Equal(30, overall["validation-cases"]);
        Assert.Equal(["site-a", "site-b"], rejected.Sites.Select(s => s.SiteId));
        Assert.Contains("falls by more than the tolerance", rejected.Reason, StringComparison.Ordinal);
        Assert.Contains("site-a", rejected.Reason, StringComparison.Ordinal); // −0.10 is beyond its own 0.05 too
        Assert.Equal(RoundOutcome.RejectedByGate, Assert.IsType<TrainingRoundClosed>(t.Events[1]).Outcome);
    }

    [Fact]
    public void The_gate_rejects_a_candidate_that_helps_overall_when_one_site_drops_beyond_its_own_tolerance()
    {
        var round = Validating();
        round = _lifecycle.Validated(round, Validation(round, "site-a", candidate: 0.95, current: 0.80, cases: 90), Current(), Start.AddMinutes(6)).Round;

        var t = _lifecycle.Validated(round, Validation(round, "site-b", candidate: 0.60, current: 0.70, cases: 10), Current(), Start.AddMinutes(7));

        Assert.Equal(RoundState.RejectedByGate, t.Round.State);
        var gate = t.Round.Gate!;
        Assert.True(gate.Change > 0);
        var b = gate.Sites.Single(s => s.SiteId == "site-b");
        Assert.False(b.Passed);
        Assert.Equal(-0.10, b.Change!.Value, 10);
        Assert.Contains("site-b: dice 0.7 → 0.6 (-0.1) falls by more than its tolerance 0.05", gate.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_site_that_dies_before_validating_is_decided_without_at_the_validation_deadline()
    {
        var round = Validating();
        round = _lifecycle.Validated(round, Validation(round, "site-a", candidate: 0.85, current: 0.80), Current(), Start.AddMinutes(6)).Round;

        var t = _lifecycle.DeadlinePassed(round, Current(), round.ValidationDeadline!.Value);

        Assert.Equal(RoundState.Published, t.Round.State);
        Assert.Contains("none from site-b", t.Round.Notes.Last(), StringComparison.Ordinal);
    }

    [Fact]
    public void Without_enough_validations_by_the_deadline_the_round_times_out()
    {
        var lifecycle = Lifecycle(minimumValidations: 2);
        var round = Validating(lifecycle);
        round = lifecycle.Validated(round, Validation(round, "site-a", candidate: 0.85, current: 0.80), Current(), Start.AddMinutes(6)).Round;

        var t = lifecycle.DeadlinePassed(round, Current(), round.ValidationDeadline!.Value.AddMinutes(1));

        Assert.Equal(RoundState.TimedOut, t.Round.State);
        Assert.Equal(RoundOutcome.TimedOut, Assert.IsType<TrainingRoundClosed>(Assert.Single(t.Events)).Outcome);
    }

    [Fact]
    public void Validations_of_another_version_or_from_a_site_left_out_are_ignored()
    {
        var round = Submit(Submit(Submit(Open(_lifecycle).Round, "site-a"), "site-b"), "site-c");
        round = _lifecycle.CandidateBuilt(round, Candidate(round, excluded: "site-c"), Start.AddMinutes(5)).Round;

        Assert.False(_lifecycle.Validated(round, Validation(round, "site-a", 0.9, 0.8, version: 4), Current(), Start.AddMinutes(6)).Changed);
        Assert.Contains("not a participant", _lifecycle.Validated(round, Validation(round, "site-c", 0.9, 0.8), Current(), Start.AddMinutes(6)).Ignored, StringComparison.Ordinal);
    }

    [Fact]
    public void A_candidate_whose_base_is_no_longer_current_is_not_published()
    {
        var round = Validating();
        round = _lifecycle.Validated(round, Validation(round, "site-a", 0.9, 0.8), Current(version: 2), Start.AddMinutes(6)).Round;

        var t = _lifecycle.Validated(round, Validation(round, "site-b", 0.9, 0.8), Current(version: 2), Start.AddMinutes(7));

        Assert.Equal(RoundState.RejectedByGate, t.Round.State);
        Assert.Contains("the current model became version 2 while the round ran", t.Round.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_round_read_back_from_the_store_resumes_where_it_was()
    {
        var round = Submit(Open(_lifecycle).Round, "site-a");
        round = _lifecycle.Submit(round, Update(round, "site-x"), Sha("x"), Fine, Start.AddMinutes(1)).Round;

        // What the store keeps is the JSON of the record: a restarted hub reads exactly that.
        var reloaded = DocumentJson.FromNode<TrainingRound>(DocumentJson.ToNode(round)!);
        Assert.Equal(JsonSerializer.Serialize(round, DocumentJson.Options), JsonSerializer.Serialize(reloaded, DocumentJson.Options));

        reloaded = Submit(reloaded, "site-b");
        reloaded = Submit(reloaded, "site-c");
        Assert.Equal(RoundState.Aggregating, reloaded.State);
        Assert.Equal(["site-a", "site-b", "site-c"], reloaded.Updates.Select(u => u.SiteId));
        Assert.Equal([0.25, 1.0], reloaded.Updates[0].TensorSquaredNorms);
    }

    [Fact]
    public void Aborting_closes_an_open_round_and_leaves_a_closed_one_alone()
    {
        var round = Submit(Open(_lifecycle).Round, "site-a");

        var t = _lifecycle.Abort(round, "wrong labels at site-a", Start.AddMinutes(3));

        Assert.Equal(RoundState.Aborted, t.Round.State);
        Assert.Equal("Aborted: wrong labels at site-a", Assert.IsType<TrainingRoundClosed>(Assert.Single(t.Events)).Reason);
        Assert.False(_lifecycle.Abort(t.Round, "again", Start.AddMinutes(4)).Changed);
    }

    private TrainingRound Validating(RoundLifecycle? lifecycle = null)
    {
        lifecycle ??= _lifecycle;
        var round = Open(lifecycle, Settings(), "site-a", "site-b").Round;
        foreach (var site in new[] { "site-a", "site-b" })
        {
            var u = Update(round, site);
            round = lifecycle.Submit(round, u, u.Weights.WeightsSha256, Fine, Start.AddMinutes(1)).Round;
        }
        return lifecycle.CandidateBuilt(round, Candidate(round), Start.AddMinutes(5)).Round;
    }

    private TrainingRound Submit(TrainingRound round, string site, int samples = 10)
    {
        var u = Update(round, site, samples: samples);
        var t = _lifecycle.Submit(round, u, u.Weights.WeightsSha256, Fine, Start.AddMinutes(1));
        Assert.True(t.Changed, t.Ignored);
        return t.Round;
    }
}
