using FedBus.AppHost.Experiments;

namespace FedBus.AppHost.Tests;

public sealed class ValidationGateTests
{
    private readonly ValidationGate gate = new(tolerance: 0.01, siteTolerance: 0.05);

    [Fact]
    public void A_candidate_no_worse_than_the_tolerances_is_published()
    {
        var decision = gate.Decide([new("a", 10, 0.90, 0.905), new("b", 30, 0.80, 0.78)]);

        Assert.True(decision.Published);
        Assert.Null(decision.Reason);
        Assert.Equal((10 * 0.90 + 30 * 0.80) / 40, decision.CandidateMetric, 12);
        Assert.Equal((10 * 0.905 + 30 * 0.78) / 40, decision.CurrentMetric, 12);
    }

    [Fact]
    public void A_weighted_regression_beyond_the_tolerance_rejects_the_candidate()
    {
        // Weighted: candidate (20·0.86 + 20·0.86)/40 = 0.86, current 0.88: down 0.02 > 0.01; each site only 0.02 < 0.05.
        var decision = gate.Decide([new("a", 20, 0.86, 0.88), new("b", 20, 0.86, 0.88)]);

        Assert.False(decision.Published);
        Assert.Contains("weighted metric falls from 0.8800 to 0.8600", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void One_site_dropping_beyond_its_tolerance_rejects_the_candidate_even_when_the_weighted_metric_rises()
    {
        // Weighted: candidate (90·0.95 + 10·0.70)/100 = 0.925 vs current (90·0.90 + 10·0.80)/100 = 0.89.
        var decision = gate.Decide([new("big", 90, 0.95, 0.90), new("small", 10, 0.70, 0.80)]);

        Assert.False(decision.Published);
        Assert.True(decision.CandidateMetric > decision.CurrentMetric);
        Assert.Contains("small falls from 0.8000 to 0.7000", decision.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("big", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void The_weights_are_validation_cases_so_a_large_site_outweighs_a_small_one()
    {
        // Unweighted the mean would fall by 0.015 (> 0.01); weighted by cases it rises.
        var decision = gate.Decide([new("big", 95, 0.91, 0.90), new("small", 5, 0.76, 0.80)]);

        Assert.True(decision.Published);
    }

    [Fact]
    public void A_site_may_have_its_own_tolerance()
    {
        var strict = new ValidationGate(0.01, 0.05, new Dictionary<string, double> { ["b"] = 0.001 });

        var decision = strict.Decide([new("a", 50, 0.95, 0.90), new("b", 50, 0.898, 0.90)]);

        Assert.False(decision.Published);
        Assert.Contains("b falls from 0.9000 to 0.8980 (tolerance 0.001)", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_metric_that_is_not_a_number_or_no_validation_at_all_rejects_the_candidate()
    {
        Assert.False(gate.Decide([new("a", 10, double.NaN, 0.9)]).Published);
        Assert.False(gate.Decide([new("a", 0, 0.95, 0.9)]).Published);
        Assert.False(gate.Decide([]).Published);
    }
}
