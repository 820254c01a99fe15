using System.Globalization;

namespace FedBus.AnnotationRequest.Triage;

/// <summary>
/// Spends a daily annotation budget on the most useful candidates while results arrive one at a time.
/// <para>
/// Expected value of labelling an image = P(model poor on it) × novelty. P(poor) is the triage score (raised to
/// <see cref="TriageOptions.QcFlagValue"/> when a QC flag fired); novelty is 1, or for the diverse strategy
/// <see cref="TriageOptions.NearDuplicatePenalty"/>^n for the n near-duplicates already opened or chosen in this release.
/// The random strategy ranks by a stable random key instead.
/// </para>
/// <para>
/// Fairness over the day: the budget is paced — by time t of the budget day at most
/// min(B, ⌊B·t/24 h⌋ + burst) tasks have opened — so a busy morning cannot spend the afternoon's share. Candidates the
/// pace has no room for are held and compete again at every release (the best of everything held wins, ties go to the
/// earlier arrival); a candidate held longer than <see cref="TriageOptions.CandidateMaxAge"/> is dropped. Holding
/// windows (<see cref="TriageOptions.HoldingWindow"/>) let a burst of results be ranked together before any opens.
/// Pure: the caller passes the clock, the day's count and the candidates.
/// </para>
/// </summary>
public sealed class BudgetPlanner(TriageOptions options)
{
    public const string DroppedTooOld = "too-old";
    public const string DroppedLowValue = "below-minimum-value";

    public TriageOptions Options { get; } = options;

    public DateTimeOffset DayStart(DateTimeOffset at)
    {
        var utc = at.ToUniversalTime();
        var start = new DateTimeOffset(utc.Date, TimeSpan.Zero) + Options.BudgetDayStart;
        return start > utc ? start.AddDays(-1) : start;
    }

    /// <summary>Names the budget day holding <paramref name="at"/> (its start date, UTC).</summary>
    public string DayKey(DateTimeOffset at) => DayStart(at).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>How many tasks the budget day may have opened by <paramref name="at"/> (int.MaxValue without a budget).</summary>
    public int PacedCap(DateTimeOffset at)
    {
        if (Options.DailyBudget is not { } budget) return int.MaxValue;
        // Whole ticks, not a fraction of the day: 24 × (1 h / 24 h) in floating point is 0.999…, one task short.
        var elapsed = (at.ToUniversalTime() - DayStart(at)).Ticks;
        var paced = (long)(budget * (Int128)elapsed / TimeSpan.TicksPerDay) + Options.Burst;
        return (int)Math.Min(budget, paced);
    }

    /// <summary>Whether the holding window a candidate arrived in has closed by <paramref name="now"/>.</summary>
    public bool WindowClosed(DateTimeOffset arrivedAt, DateTimeOffset now)
    {
        if (Options.DailyBudget is null || Options.HoldingWindow <= TimeSpan.Zero) return true;
        return WindowIndex(arrivedAt) < WindowIndex(now);
    }

    /// <summary>The value that orders candidates, given the positions already opened or chosen.</summary>
    public double ExpectedValue(TriageCandidate candidate, int nearDuplicates) => Options.Strategy switch
    {
        TriageStrategy.Random => StableSample.Uniform(candidate.PredictionId, "rank"),
        TriageStrategy.Uncertainty => candidate.Value,
        TriageStrategy.Diverse => candidate.Value * Math.Pow(Options.NearDuplicatePenalty, nearDuplicates),
        _ => throw new InvalidOperationException($"Unknown strategy {Options.Strategy}."),
    };

    /// <summary>
    /// Which held candidates open now. <paramref name="openedToday"/>: tasks this budget day has opened (audit samples not
    /// counted); <paramref name="opened"/>: positions of tasks already opened near the candidates (for the diverse strategy).
    /// </summary>
    public ReleasePlan Plan(DateTimeOffset now, int openedToday, IReadOnlyList<TriageCandidate> held, IReadOnlyList<ImagePosition> opened)
    {
        var drop = new List<DroppedCandidate>();
        var competing = new List<TriageCandidate>();
        foreach (var c in held)
        {
            if (now - c.ArrivedAt > Options.CandidateMaxAge) drop.Add(new DroppedCandidate(c, DroppedTooOld));
            else if (WindowClosed(c.ArrivedAt, now)) competing.Add(c);
        }
        var cap = PacedCap(now);
        var allowance = cap == int.MaxValue ? int.MaxValue : Math.Max(0, cap - openedToday);

        // Near-duplicate counts, updated as candidates are chosen (only the diverse strategy uses them).
        var diverse = Options.Strategy == TriageStrategy.Diverse;
        var near = competing.Select(c => diverse ? NearDuplicates.Count(c.Position, opened, Options.NearDuplicateDistance) : 0).ToArray();
        var remaining = Enumerable.Range(0, competing.Count).ToList();
        var open = new List<ReleasedCandidate>();
        while (remaining.Count > 0 && open.Count < allowance)
        {
            var best = -1;
            var bestValue = double.NegativeInfinity;
            foreach (var i in remaining)
            {
                var v = ExpectedValue(competing[i], near[i]);
                if (best < 0 || v > bestValue || (v == bestValue && Earlier(competing[i], competing[best])))
                {
                    best = i;
                    bestValue = v;
                }
            }
            if (bestValue < Options.MinimumExpectedValue)
            {
                // Values only fall as more is chosen: nothing left can reach the minimum.
                drop.AddRange(remaining.Select(i => new DroppedCandidate(competing[i], DroppedLowValue)));
                remaining.Clear();
                break;
            }
            open.Add(new ReleasedCandidate(competing[best], bestValue));
            remaining.Remove(best);
            if (diverse)
                foreach (var i in remaining)
                    if (NearDuplicates.Near(competing[i].Position, competing[best].Position, Options.NearDuplicateDistance)) near[i]++;
        }
        return new ReleasePlan(open, drop, allowance);
    }

    private long WindowIndex(DateTimeOffset at) =>
        (at.UtcTicks - Options.BudgetDayStart.Ticks) / Options.HoldingWindow.Ticks;

    private static bool Earlier(TriageCandidate a, TriageCandidate b) =>
        a.ArrivedAt < b.ArrivedAt || (a.ArrivedAt == b.ArrivedAt && a.TaskId.CompareTo(b.TaskId) < 0);
}
