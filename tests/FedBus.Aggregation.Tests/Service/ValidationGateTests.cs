using FedBus.Aggregation.Rounds;

namespace FedBus.Aggregation.Tests.Service;

/// <summary>The model gate's rules on hand-made figures.</summary>
public sealed class ValidationGateTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_overall_figure_is_weighted_by_each_sites_validation_cases()
    {
        var report = ValidationGate.Decide(
            [Site("a", 30, ("dice", 0.9), ("dice", 0.8)), Site("b", 10, ("dice", 0.5), ("dice", 0.6))],
            new GateOptions { SiteTolerance = 0.2 });

        Assert.True(report.Publish, report.Reason);
        Assert.Equal("dice", report.Metric);
        Assert.Equal(0.8, report.Candidate!.Value, 12);  // (0.9·30 + 0.5·10) / 40
        Assert.Equal(0.75, report.Current!.Value, 12);   // (0.8·30 + 0.6·10) / 40
        Assert.Equal(40, report.ValidationCases);
    }

    [Fact]
    public void A_site_may_have_its_own_tolerance()
    {
        var validations = new[] { Site("a", 10, ("dice", 0.9), ("dice", 0.8)), Site("b", 10, ("dice", 0.7), ("dice", 0.8)) };

        Assert.False(ValidationGate.Decide(validations, new GateOptions { Tolerance = 0.05 }).Publish);
        Assert.True(ValidationGate.Decide(validations, new GateOptions { Tolerance = 0.05, SiteTolerances = { ["b"] = 0.15 } }).Publish);
    }

    [Fact]
    public void A_candidate_figure_that_is_missing_or_not_a_number_fails_its_site()
    {
        var report = ValidationGate.Decide(
            [Site("a", 10, ("dice", 0.9), ("dice", 0.8)), Site("b", 10, ("accuracy", 0.9), ("dice", 0.8)), Site("c", 10, ("dice", null), ("dice", 0.8))],
            new GateOptions());

        Assert.False(report.Publish);
        Assert.Equal("did not report 'dice' for the candidate", report.Sites.Single(s => s.SiteId == "b").Problem);
        Assert.Equal("the candidate's 'dice' is not a number", report.Sites.Single(s => s.SiteId == "c").Problem);
        Assert.Equal(10, report.ValidationCases);
    }

    [Fact]
    public void A_site_without_a_figure_for_the_current_model_has_nothing_to_regress_from()
    {
        var report = ValidationGate.Decide([Site("a", 10, ("dice", 0.9), ("dice", 0.8)), Site("b", 10, ("dice", 0.4))], new GateOptions());

        Assert.True(report.Publish, report.Reason);
        Assert.True(report.Sites.Single(s => s.SiteId == "b").Passed);
        Assert.Equal(0.9, report.Candidate!.Value, 12); // only a's figures have both models
    }

    [Fact]
    public void The_configured_metric_is_the_one_compared()
    {
        var v = Site("a", 10, ("dice", 0.5), ("dice", 0.9));
        v = v with { CandidateMetrics = [.. v.CandidateMetrics, new ReportedMetric("accuracy", 0.9)], CurrentMetrics = [.. v.CurrentMetrics, new ReportedMetric("accuracy", 0.85)] };

        Assert.False(ValidationGate.Decide([v], new GateOptions()).Publish);
        var byAccuracy = ValidationGate.Decide([v], new GateOptions { Metric = "accuracy" });
        Assert.True(byAccuracy.Publish, byAccuracy.Reason);
        Assert.Equal("accuracy", byAccuracy.Metric);
    }

    [Fact]
    public void A_site_that_validated_on_no_cases_is_left_out_rather_than_failing_the_gate()
    {
        // Training reports no metric when its validation pool is empty; another site's figures decide.
        var empty = new ValidationRecord("b", Guid.NewGuid(), 0, [], [], At);
        var report = ValidationGate.Decide([Site("a", 10, ("dice", 0.9), ("dice", 0.8)), empty], new GateOptions());

        Assert.True(report.Publish, report.Reason);
        var b = report.Sites.Single(s => s.SiteId == "b");
        Assert.True(b.Passed);
        Assert.Contains("0 cases", b.Problem, StringComparison.Ordinal);
        Assert.Equal(10, report.ValidationCases);
        Assert.Equal(0.9, report.Candidate!.Value, 12);
    }

    [Fact]
    public void No_figures_at_all_is_a_rejection()
    {
        var report = ValidationGate.Decide([Site("a", 0, ("dice", 0.9), ("dice", 0.8))], new GateOptions());
        Assert.False(report.Publish);
        Assert.Contains("No validation cases", report.Reason, StringComparison.Ordinal);
    }

    private static ValidationRecord Site(string id, int cases, (string Name, double? Value) candidate, (string Name, double? Value)? current = null) =>
        new(id, Guid.NewGuid(), cases, [new ReportedMetric(candidate.Name, candidate.Value)],
            current is { } c ? [new ReportedMetric(c.Name, c.Value)] : [], At);
}
