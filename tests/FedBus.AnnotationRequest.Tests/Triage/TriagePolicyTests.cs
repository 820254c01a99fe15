using FedBus.AnnotationRequest.Tests.Support;
using FedBus.AnnotationRequest.Triage;
using FedBus.Contracts;

namespace FedBus.AnnotationRequest.Tests.Triage;

public sealed class TriagePolicyTests
{
    private static TriagePolicy Policy(double threshold = 0.5, double auditRate = 0, double qcFlagValue = 0.9) =>
        new(new TriageOptions { Threshold = threshold, AuditRate = auditRate, QcFlagValue = qcFlagValue });

    [Fact]
    public void A_triage_score_at_the_threshold_opens_a_single_read_task_for_uncertainty()
    {
        var decision = Policy(threshold: 0.6).Evaluate(Results.Completed(triageScore: 0.6));

        Assert.True(decision.OpensTask);
        Assert.Equal([TriageReasons.Uncertainty], decision.Reasons.Select(r => r.Code));
        Assert.Contains("0.60", decision.Reasons[0].Message, StringComparison.Ordinal);
        Assert.False(decision.IsAuditSample);
        Assert.Equal(1, decision.RequiredReads);
        Assert.Equal(0.6, decision.Value, 12);
    }

    [Fact]
    public void A_score_below_the_threshold_without_flags_opens_nothing_when_no_audit_is_drawn()
    {
        var decision = Policy(threshold: 0.6).Evaluate(Results.Completed(triageScore: 0.59));

        Assert.False(decision.OpensTask);
    }

    [Fact]
    public void Every_qc_flag_opens_a_task_with_its_code_prefixed_and_its_sentence_kept()
    {
        var flags = new[] { new QcFlag("mask-empty", "The mask is empty."), new QcFlag("ood-intensity", "Unlike the training images.") };

        var decision = Policy().Evaluate(Results.Completed(triageScore: 0.1, flags: flags));

        Assert.Equal(["qc:mask-empty", "qc:ood-intensity"], decision.Reasons.Select(r => r.Code));
        Assert.Equal("The mask is empty.", decision.Reasons[0].Message);
        Assert.Equal(1, decision.RequiredReads);
    }

    [Fact]
    public void A_qc_flag_raises_the_value_to_the_flag_value_but_never_lowers_a_higher_score()
    {
        var flag = new[] { new QcFlag("mask-fragmented", "Many pieces.") };

        Assert.Equal(0.9, Policy(qcFlagValue: 0.9).Evaluate(Results.Completed(triageScore: 0.2, flags: flag)).Value, 12);
        Assert.Equal(0.95, Policy(qcFlagValue: 0.9).Evaluate(Results.Completed(triageScore: 0.95, flags: flag)).Value, 12);
    }

    [Fact]
    public void Uncertainty_and_a_flag_together_give_both_reasons()
    {
        var decision = Policy().Evaluate(Results.Completed(triageScore: 0.7, flags: [new QcFlag("mask-empty", "Empty.")]));

        Assert.Equal([TriageReasons.Uncertainty, "qc:mask-empty"], decision.Reasons.Select(r => r.Code));
    }

    [Fact]
    public void A_score_that_is_not_a_number_is_treated_as_the_worst_case()
    {
        var decision = Policy().Evaluate(Results.Completed(triageScore: double.NaN));

        Assert.True(decision.OpensTask);
        Assert.Equal(1, decision.Value);
    }

    [Fact]
    public void About_the_audit_rate_of_confident_results_become_double_read_audit_samples()
    {
        var policy = Policy(auditRate: 0.05);
        var decisions = Enumerable.Range(0, 20_000).Select(_ => policy.Evaluate(Results.Completed(triageScore: 0.1))).ToArray();
        var audits = decisions.Where(d => d.OpensTask).ToArray();

        // 5% of 20,000 = 1,000; a binomial standard deviation is ≈ 31, so ±150 is about 5 sigma.
        Assert.InRange(audits.Length, 850, 1150);
        Assert.All(audits, d =>
        {
            Assert.True(d.IsAuditSample);
            Assert.Equal(2, d.RequiredReads);
            Assert.Equal([TriageReasons.AuditSample], d.Reasons.Select(r => r.Code));
        });
    }

    [Fact]
    public void The_audit_draw_of_a_prediction_is_the_same_on_every_evaluation_and_every_policy_instance()
    {
        var options = new TriageOptions { AuditRate = 0.5 };
        var results = Enumerable.Range(0, 200).Select(_ => Results.Completed(triageScore: 0.1)).ToArray();

        var first = results.Select(r => new TriagePolicy(options).Evaluate(r).IsAuditSample).ToArray();
        var again = results.Select(r => new TriagePolicy(options).Evaluate(r with { MessageId = Guid.NewGuid() }).IsAuditSample).ToArray();

        Assert.Equal(first, again);
        Assert.Contains(true, first);
        Assert.Contains(false, first);
    }

    [Fact]
    public void Another_audit_seed_draws_other_predictions()
    {
        var results = Enumerable.Range(0, 400).Select(_ => Results.Completed(triageScore: 0.1)).ToArray();
        var a = new TriagePolicy(new TriageOptions { AuditRate = 0.5, AuditSeed = "site-a" });
        var b = new TriagePolicy(new TriageOptions { AuditRate = 0.5, AuditSeed = "site-b" });

        Assert.NotEqual(results.Select(r => a.IsAuditDraw(r.PredictionId)), results.Select(r => b.IsAuditDraw(r.PredictionId)));
    }

    [Fact]
    public void Results_that_open_a_task_for_doubt_are_never_audit_samples()
    {
        var policy = Policy(auditRate: 1.0);

        var doubtful = policy.Evaluate(Results.Completed(triageScore: 0.9));
        var flagged = policy.Evaluate(Results.Completed(triageScore: 0.1, flags: [new QcFlag("mask-empty", "Empty.")]));

        Assert.False(doubtful.IsAuditSample);
        Assert.False(flagged.IsAuditSample);
    }

    [Fact]
    public void An_audit_sample_gets_the_configured_readers_and_priority()
    {
        var policy = new TriagePolicy(new TriageOptions { AuditRate = 1.0, AuditReads = 3, AuditPriority = 0.3 });

        var decision = policy.Evaluate(Results.Completed(triageScore: 0.05));

        Assert.Equal(3, decision.RequiredReads);
        Assert.Equal(0.3, decision.Value);
    }

    [Fact]
    public void Settings_that_cannot_work_are_refused_with_their_name()
    {
        var e = Assert.Throws<InvalidOperationException>(() => new TriageOptions { AuditRate = 1.5 }.Validate("brain"));
        Assert.Contains("AuditRate", e.Message, StringComparison.Ordinal);
        Assert.Contains("brain", e.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => new TriageOptions { DailyBudget = -1 }.Validate("x"));
        Assert.Throws<InvalidOperationException>(() => new TriageOptions { HoldingWindow = TimeSpan.FromDays(2) }.Validate("x"));
    }
}
