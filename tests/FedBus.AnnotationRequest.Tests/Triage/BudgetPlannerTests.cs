using FedBus.AnnotationRequest.Triage;

namespace FedBus.AnnotationRequest.Tests.Triage;

public sealed class BudgetPlannerTests
{
    private static readonly DateTimeOffset Midnight = new(2026, 11, 30, 0, 0, 0, TimeSpan.Zero);

    private static TriageCandidate Candidate(double value, DateTimeOffset at, string series = "s1", int instance = 1, Guid? prediction = null) =>
        new(Guid.NewGuid(), prediction ?? Guid.NewGuid(), new ImagePosition(series, $"{series}.{instance}", 1, instance), value, at);

    [Fact]
    public void Without_a_budget_every_candidate_opens_at_once_best_first()
    {
        var planner = new BudgetPlanner(new TriageOptions());
        var now = Midnight.AddHours(3);
        var held = new[] { Candidate(0.6, now), Candidate(0.9, now), Candidate(0.7, now) };

        var plan = planner.Plan(now, openedToday: 1000, held, []);

        Assert.Equal([0.9, 0.7, 0.6], plan.Open.Select(o => o.Priority));
        Assert.Empty(plan.Drop);
        Assert.Equal(int.MaxValue, plan.Allowance);
    }

    [Theory]
    [InlineData(0, 2)]     // the burst only
    [InlineData(1, 3)]     // exactly one twenty-fourth of the day
    [InlineData(6, 8)]     // a quarter of 24, plus the burst
    [InlineData(12, 14)]
    [InlineData(23, 24)]   // never more than the budget
    public void The_budget_is_paced_over_the_day_plus_a_burst(int hour, int cap)
    {
        var planner = new BudgetPlanner(new TriageOptions { DailyBudget = 24, Burst = 2 });

        Assert.Equal(cap, planner.PacedCap(Midnight.AddHours(hour)));
    }

    [Fact]
    public void A_busy_morning_cannot_spend_the_afternoons_share_and_waiting_candidates_stay_held()
    {
        var planner = new BudgetPlanner(new TriageOptions { DailyBudget = 24, Burst = 2 });
        var now = Midnight.AddHours(1);
        var held = Enumerable.Range(0, 100).Select(i => Candidate(0.5 + i / 1000.0, now)).ToArray();

        var plan = planner.Plan(now, openedToday: 0, held, []);

        // By 01:00 the pace allows ⌊24/24⌋ + 2 = 3: the three best of the hundred.
        Assert.Equal(3, plan.Open.Count);
        Assert.Equal(held.OrderByDescending(c => c.Value).Take(3).Select(c => c.TaskId), plan.Open.Select(o => o.Candidate.TaskId));
        Assert.Empty(plan.Drop);
    }

    [Fact]
    public void Tasks_opened_earlier_in_the_day_use_up_the_allowance()
    {
        var planner = new BudgetPlanner(new TriageOptions { DailyBudget = 24, Burst = 2 });
        var now = Midnight.AddHours(6);
        var held = Enumerable.Range(0, 10).Select(_ => Candidate(0.8, now)).ToArray();

        Assert.Equal(2, planner.Plan(now, openedToday: 6, held, []).Open.Count);
        Assert.Empty(planner.Plan(now, openedToday: 8, held, []).Open);
    }

    [Fact]
    public void A_held_candidate_competes_again_and_a_better_later_arrival_goes_first()
    {
        var planner = new BudgetPlanner(new TriageOptions { DailyBudget = 24, Burst = 0 });
        var early = Candidate(0.7, Midnight.AddMinutes(10));
        var later = Candidate(0.9, Midnight.AddMinutes(50));

        // 00:50: the pace allows ⌊24·50/1440⌋ = 0.
        Assert.Empty(planner.Plan(Midnight.AddMinutes(50), 0, [early, later], []).Open);
        // 01:00: one task — the better one, though it came later.
        var plan = planner.Plan(Midnight.AddHours(1), 0, [early, later], []);
        Assert.Equal([later.TaskId], plan.Open.Select(o => o.Candidate.TaskId));
        // 02:00: the earlier one gets its turn.
        Assert.Equal([early.TaskId], planner.Plan(Midnight.AddHours(2), 1, [early], []).Open.Select(o => o.Candidate.TaskId));
    }

    [Fact]
    public void Equal_values_go_to_the_earlier_arrival()
    {
        var planner = new BudgetPlanner(new TriageOptions { DailyBudget = 24, Burst = 1 });
        var first = Candidate(0.8, Midnight.AddMinutes(1));
        var second = Candidate(0.8, Midnight.AddMinutes(2));

        var plan = planner.Plan(Midnight.AddMinutes(3), 0, [second, first], []);

        Assert.Equal([first.TaskId], plan.Open.Select(o => o.Candidate.TaskId));
    }

    [Fact]
    public void A_candidate_held_longer_than_its_maximum_age_is_dropped()
    {
        var planner = new BudgetPlanner(new TriageOptions { DailyBudget = 0, CandidateMaxAge = TimeSpan.FromHours(4) });
        var old = Candidate(0.99, Midnight);
        var fresh = Candidate(0.6, Midnight.AddHours(3));

        var plan = planner.Plan(Midnight.AddHours(4).AddTicks(1), 0, [old, fresh], []);

        Assert.Equal([(old.TaskId, BudgetPlanner.DroppedTooOld)], plan.Drop.Select(d => (d.Candidate.TaskId, d.Reason)));
        Assert.Empty(plan.Open);
    }

    [Fact]
    public void Candidates_wait_for_their_holding_window_to_close_and_the_best_of_the_window_wins()
    {
        var planner = new BudgetPlanner(new TriageOptions { DailyBudget = 24, Burst = 1, HoldingWindow = TimeSpan.FromMinutes(10) });
        var a = Candidate(0.6, Midnight.AddMinutes(1));
        var b = Candidate(0.9, Midnight.AddMinutes(9));
        var c = Candidate(0.99, Midnight.AddMinutes(11));

        // 00:09:59: the window 00:00–00:10 is still open; nothing is released though the burst has room.
        Assert.Empty(planner.Plan(Midnight.AddMinutes(10).AddTicks(-1), 0, [a, b], []).Open);
        // 00:10: that window closed; c (next window) does not compete yet.
        var plan = planner.Plan(Midnight.AddMinutes(12), 0, [a, b, c], []);
        Assert.Equal([b.TaskId], plan.Open.Select(o => o.Candidate.TaskId));
        Assert.True(planner.WindowClosed(a.ArrivedAt, Midnight.AddMinutes(10)));
        Assert.False(planner.WindowClosed(c.ArrivedAt, Midnight.AddMinutes(19)));
    }

    [Fact]
    public void The_budget_day_starts_at_the_configured_hour()
    {
        var planner = new BudgetPlanner(new TriageOptions { DailyBudget = 24, Burst = 0, BudgetDayStart = TimeSpan.FromHours(6) });

        Assert.Equal("2026-11-29", planner.DayKey(Midnight.AddHours(5)));
        Assert.Equal("2026-11-30", planner.DayKey(Midnight.AddHours(6)));
        Assert.Equal(23, planner.PacedCap(Midnight.AddHours(5)));
        Assert.Equal(0, planner.PacedCap(Midnight.AddHours(6)));
    }

    [Fact]
    public void The_uncertainty_strategy_ranks_by_value()
    {
        var planner = new BudgetPlanner(new TriageOptions { Strategy = TriageStrategy.Uncertainty, DailyBudget = 24, Burst = 2 });
        var held = new[] { Candidate(0.55, Midnight), Candidate(0.95, Midnight), Candidate(0.75, Midnight) };

        var plan = planner.Plan(Midnight, 0, held, []);

        Assert.Equal([0.95, 0.75], plan.Open.Select(o => o.Candidate.Value));
    }

    [Fact]
    public void The_random_strategy_ignores_the_value_and_picks_the_same_predictions_every_time()
    {
        var options = new TriageOptions { Strategy = TriageStrategy.Random, DailyBudget = 24, Burst = 10 };
        var held = Enumerable.Range(0, 200).Select(i => Candidate(i / 200.0, Midnight)).ToArray();

        var once = new BudgetPlanner(options).Plan(Midnight, 0, held, []).Open.Select(o => o.Candidate.TaskId).ToArray();
        var again = new BudgetPlanner(options).Plan(Midnight, 0, held.Reverse().ToArray(), []).Open.Select(o => o.Candidate.TaskId).ToArray();

        Assert.Equal(once, again);
        var uncertainty = new BudgetPlanner(new TriageOptions { DailyBudget = 24, Burst = 10 }).Plan(Midnight, 0, held, []).Open.Select(o => o.Candidate.TaskId);
        Assert.NotEqual(uncertainty.ToHashSet(), once.ToHashSet());
    }

    [Fact]
    public void The_diverse_strategy_skips_adjacent_slices_of_a_chosen_one_for_a_slightly_weaker_distant_slice()
    {
        var planner = new BudgetPlanner(new TriageOptions { Strategy = TriageStrategy.Diverse, DailyBudget = 24, Burst = 2, NearDuplicateDistance = 2, NearDuplicatePenalty = 0.25 });
        var best = Candidate(0.95, Midnight, instance: 10);
        var adjacent = Candidate(0.94, Midnight, instance: 11);
        var distant = Candidate(0.80, Midnight, instance: 20);

        var plan = planner.Plan(Midnight, 0, [adjacent, distant, best], []);

        Assert.Equal([best.TaskId, distant.TaskId], plan.Open.Select(o => o.Candidate.TaskId));
    }

    [Fact]
    public void The_diverse_strategy_discounts_near_duplicates_of_tasks_opened_before()
    {
        var planner = new BudgetPlanner(new TriageOptions { Strategy = TriageStrategy.Diverse, DailyBudget = 24, Burst = 1 });
        var nextToOpened = Candidate(0.9, Midnight, instance: 5);
        var elsewhere = Candidate(0.5, Midnight, series: "s2", instance: 5);
        var opened = new[] { new ImagePosition("s1", "s1.4", 1, 4), new ImagePosition("s1", "s1.6", 1, 6) };

        var plan = planner.Plan(Midnight, 0, [nextToOpened, elsewhere], opened);

        // 0.9 × 0.25² ≈ 0.056 < 0.5.
        Assert.Equal([elsewhere.TaskId], plan.Open.Select(o => o.Candidate.TaskId));
        Assert.Equal(0.5, plan.Open[0].Priority);
    }

    [Fact]
    public void Near_duplicates_below_the_minimum_value_are_dropped_not_held()
    {
        var planner = new BudgetPlanner(new TriageOptions { Strategy = TriageStrategy.Diverse, NearDuplicatePenalty = 0, MinimumExpectedValue = 0.01 });
        var first = Candidate(0.9, Midnight, instance: 10);
        var twin = Candidate(0.9, Midnight.AddTicks(1), instance: 11);

        var plan = planner.Plan(Midnight.AddMinutes(1), 0, [twin, first], []);

        Assert.Equal([first.TaskId], plan.Open.Select(o => o.Candidate.TaskId));
        Assert.Equal([(twin.TaskId, BudgetPlanner.DroppedLowValue)], plan.Drop.Select(d => (d.Candidate.TaskId, d.Reason)));
    }

    [Theory]
    [InlineData("s1", "s1.10", 1, 10, "s1", "s1.12", 1, 12, true)]    // two slices apart
    [InlineData("s1", "s1.10", 1, 10, "s1", "s1.13", 1, 13, false)]   // three apart
    [InlineData("s1", "s1.10", 1, 10, "s2", "s2.10", 1, 10, false)]   // another series
    [InlineData("s1", "mf", 3, null, "s1", "mf", 5, null, true)]      // frames of one multi-frame instance
    [InlineData("s1", "mf", 3, null, "s1", "mf", 6, null, false)]
    [InlineData("s1", "a", 1, null, "s1", "b", 1, null, false)]       // no InstanceNumber: only frames of one instance count
    public void Near_duplicates_are_adjacent_slices_of_a_series_or_adjacent_frames_of_an_instance(
        string seriesA, string sopA, int frameA, int? numberA, string seriesB, string sopB, int frameB, int? numberB, bool near)
    {
        Assert.Equal(near, NearDuplicates.Near(new ImagePosition(seriesA, sopA, frameA, numberA), new ImagePosition(seriesB, sopB, frameB, numberB), 2));
    }
}
