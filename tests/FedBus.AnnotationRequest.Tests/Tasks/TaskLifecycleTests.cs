using FedBus.AnnotationRequest.Tasks;
using FedBus.AnnotationRequest.Tests.Support;
using FedBus.AnnotationRequest.Triage;
using FedBus.Contracts;

namespace FedBus.AnnotationRequest.Tests.Tasks;

public sealed class TaskLifecycleTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 30, 8, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);
    private readonly TaskLifecycle _lifecycle = new(new LifecycleOptions { Lease = Lease, ReturnTimeout = TimeSpan.FromHours(1), DueAfter = TimeSpan.FromDays(1), MaxReads = 3 });

    private AnnotationTask OpenTask(int reads = 1, bool audit = false)
    {
        var result = Results.Completed(triageScore: 0.8);
        var decision = audit
            ? new TriageDecision([new QcFlag(TriageReasons.AuditSample, "audit")], true, reads, 0.5)
            : new TriageDecision([new QcFlag(TriageReasons.Uncertainty, "doubt")], false, reads, 0.8);
        return _lifecycle.Open(TaskLifecycle.Candidate(result, decision, T0), 0.8, T0).Task;
    }

    private AnnotationTask Claimed(AnnotationTask task, string reader, DateTimeOffset at) => _lifecycle.Claim(task, reader, at).Task;

    private (AnnotationTask Task, AnnotationSubmitted Event) Submitted(AnnotationTask task, string reader, DateTimeOffset at, string label = "11")
    {
        var t = _lifecycle.Submit(task, reader, Guid.NewGuid(), label.PadRight(64, '0'), "image/png", at);
        return (t.Task, Assert.IsType<AnnotationSubmitted>(Assert.Single(t.Events)));
    }

    private static AnnotationRejected Rejection(AnnotationTask task, Guid submission, string reader, params string[] codes) =>
        new(Guid.NewGuid(), T0, task.SiteId, task.TaskId, submission, reader, codes.Select(c => new QcFlag(c, $"Because {c}.")).ToArray());

    [Fact]
    public void A_candidate_is_held_silently_and_opening_it_publishes_the_task_with_its_prefill_reasons_and_due_date()
    {
        var result = Results.Completed(triageScore: 0.8, prefillSha: "ff", prefillMediaType: "image/png");
        var decision = new TriageDecision([new QcFlag(TriageReasons.Uncertainty, "doubt")], false, 1, 0.8);

        var held = TaskLifecycle.Candidate(result, decision, T0);
        var opened = _lifecycle.Open(held, 0.77, T0.AddMinutes(3));

        Assert.Equal(AnnotationTaskStatus.Held, held.Status);
        Assert.Equal(TaskIds.ForPrediction(result.PredictionId), held.TaskId);
        var created = Assert.IsType<AnnotationTaskCreated>(Assert.Single(opened.Events));
        Assert.Equal(AnnotationTaskStatus.Open, opened.Task.Status);
        Assert.Equal((held.TaskId, result.PredictionId, result.PredictionBlobSha256, "image/png"), (created.TaskId, created.PredictionId, created.PrefillBlobSha256, created.PrefillMediaType));
        Assert.Equal(0.77, created.Priority);
        Assert.Equal(T0.AddMinutes(3).AddDays(1), created.DueAt);
        Assert.Equal([TriageReasons.Uncertainty], created.OpenedBecause.Select(r => r.Code));
        Assert.Equal(result.SiteId, created.SiteId);
    }

    [Fact]
    public void Opening_twice_is_refused()
    {
        var task = OpenTask();

        Assert.Equal(TaskRules.NotOpen, Assert.Throws<TaskRuleException>(() => _lifecycle.Open(task, 0.5, T0)).Code);
    }

    [Fact]
    public void A_claim_holds_the_read_under_a_lease_and_the_task_is_in_progress()
    {
        var task = Claimed(OpenTask(), "dr-a", T0);

        var read = Assert.Single(task.Reads);
        Assert.Equal((1, "dr-a", ReadState.Claimed, T0 + Lease), (read.ReadNumber, read.ReaderId, read.State, read.LeaseUntil!.Value));
        Assert.Equal(AnnotationTaskStatus.InProgress, task.Status);
        Assert.Equal(T0 + Lease, task.NextDeadline);
    }

    [Fact]
    public void Claiming_again_renews_the_lease()
    {
        var task = Claimed(Claimed(OpenTask(), "dr-a", T0), "dr-a", T0.AddMinutes(4));

        Assert.Equal(T0.AddMinutes(9), Assert.Single(task.Reads).LeaseUntil);
    }

    [Fact]
    public void A_second_reader_cannot_claim_a_single_read_task_that_is_taken()
    {
        var task = Claimed(OpenTask(), "dr-a", T0);

        Assert.Equal(TaskRules.NoFreeRead, Assert.Throws<TaskRuleException>(() => _lifecycle.Claim(task, "dr-b", T0)).Code);
    }

    [Fact]
    public void A_lapsed_lease_opens_the_task_again_with_an_expiry_event_and_another_reader_can_take_it()
    {
        var task = Claimed(OpenTask(), "dr-a", T0);

        Assert.False(_lifecycle.ExpireDeadlines(task, T0 + Lease - TimeSpan.FromTicks(1)).Changed);
        var expired = _lifecycle.ExpireDeadlines(task, T0 + Lease);

        var e = Assert.IsType<AnnotationTaskExpired>(Assert.Single(expired.Events));
        Assert.Equal(("dr-a", TaskLifecycle.ExpiredLease), (e.ReaderId, e.Reason));
        Assert.Equal(AnnotationTaskStatus.Open, expired.Task.Status);
        Assert.Empty(expired.Task.Reads);
        Assert.Equal(DateTimeOffset.MaxValue, expired.Task.NextDeadline);
        Assert.Equal("dr-b", Assert.Single(Claimed(expired.Task, "dr-b", T0.AddMinutes(6)).Reads).ReaderId);
    }

    [Fact]
    public void A_reader_whose_claim_was_lost_cannot_submit_until_they_claim_again()
    {
        var lost = _lifecycle.ExpireDeadlines(Claimed(OpenTask(), "dr-a", T0), T0 + Lease).Task;

        var e = Assert.Throws<TaskRuleException>(() => _lifecycle.Submit(lost, "dr-a", Guid.NewGuid(), "aa", "image/png", T0.AddMinutes(6)));
        Assert.Equal(TaskRules.NotHolder, e.Code);
        var (after, _) = Submitted(Claimed(lost, "dr-a", T0.AddMinutes(6)), "dr-a", T0.AddMinutes(7));
        Assert.Equal(AnnotationTaskStatus.AwaitingQc, after.Status);
    }

    [Fact]
    public void A_submission_publishes_everything_qc_needs_and_the_task_awaits_qc()
    {
        var task = Claimed(OpenTask(), "dr-a", T0);

        var (after, submitted) = Submitted(task, "dr-a", T0.AddMinutes(1), label: "77");

        Assert.Equal(AnnotationTaskStatus.AwaitingQc, after.Status);
        Assert.Equal((task.TaskId, "dr-a", 1, 1, false), (submitted.TaskId, submitted.ReaderId, submitted.ReadNumber, submitted.RequiredReads, submitted.IsAuditSample));
        Assert.Equal("77".PadRight(64, '0'), submitted.LabelBlobSha256);
        Assert.Equal(task.PrefillBlobSha256, submitted.PrefillBlobSha256);
        Assert.Equal(task.Image, submitted.Image);
        Assert.Equal(task.Labels, submitted.Labels);
        Assert.Equal((task.ModelId, task.ModelVersion, task.Task), (submitted.ModelId, submitted.ModelVersion, submitted.Task));
        Assert.Equal([TriageReasons.Uncertainty], submitted.OpenedBecause);
        Assert.Equal(DateTimeOffset.MaxValue, after.NextDeadline);
    }

    [Fact]
    public void Reject_resubmit_accept_returns_the_read_to_the_same_reader_with_qcs_reasons_and_keeps_its_number()
    {
        var (submittedOnce, first) = Submitted(Claimed(OpenTask(), "dr-a", T0), "dr-a", T0.AddMinutes(1));

        var returned = _lifecycle.Reject(submittedOnce, Rejection(submittedOnce, first.SubmissionId, "dr-a", "one-based-labels"), T0.AddMinutes(2)).Task;
        var read = Assert.Single(returned.Reads);
        Assert.Equal(ReadState.Returned, read.State);
        Assert.Equal(["one-based-labels"], read.Latest!.Reasons.Select(r => r.Code));
        Assert.Equal(AnnotationTaskStatus.InProgress, returned.Status);
        Assert.Equal(TaskRules.NoFreeRead, Assert.Throws<TaskRuleException>(() => _lifecycle.Claim(returned, "dr-b", T0.AddMinutes(3))).Code);

        // The reader resubmits without claiming: the returned read is theirs.
        var (resubmitted, second) = Submitted(returned, "dr-a", T0.AddMinutes(4));
        Assert.Equal((1, "dr-a"), (second.ReadNumber, second.ReaderId));
        Assert.NotEqual(first.SubmissionId, second.SubmissionId);
        Assert.Equal(2, Assert.Single(resubmitted.Reads).Submissions.Count);
        Assert.Equal(AnnotationTaskStatus.AwaitingQc, resubmitted.Status);

        var caseId = Guid.NewGuid();
        var accepted = _lifecycle.Accept(resubmitted, new AnnotationAccepted(Guid.NewGuid(), T0, resubmitted.SiteId, caseId, resubmitted.TaskId,
            resubmitted.Task, resubmitted.ModelId, resubmitted.Labels, resubmitted.Image, second.LabelBlobSha256, "image/png", ["dr-a"], false,
            [new QcFlag("rubber-stamp", "Same as the model's guess.")]), T0.AddMinutes(5)).Task;
        Assert.Equal(AnnotationTaskStatus.Accepted, accepted.Status);
        Assert.Equal(caseId, accepted.CaseId);
        Assert.Equal(["rubber-stamp"], accepted.Findings.Select(f => f.Code));
        Assert.Equal([SubmissionVerdict.Rejected, SubmissionVerdict.Accepted], accepted.Reads[0].Submissions.Select(s => s.Verdict));
    }

    [Fact]
    public void A_rejection_of_a_superseded_submission_or_a_repeated_one_changes_nothing()
    {
        var (once, first) = Submitted(Claimed(OpenTask(), "dr-a", T0), "dr-a", T0.AddMinutes(1));
        var rejection = Rejection(once, first.SubmissionId, "dr-a", "class-out-of-range");
        var returned = _lifecycle.Reject(once, rejection, T0.AddMinutes(2)).Task;
        var (resubmitted, _) = Submitted(returned, "dr-a", T0.AddMinutes(3));

        Assert.False(_lifecycle.Reject(resubmitted, rejection, T0.AddMinutes(4)).Changed);
        var late = _lifecycle.Reject(resubmitted, Rejection(resubmitted, first.SubmissionId, "dr-a", "late"), T0.AddMinutes(4));
        Assert.False(late.Changed);
        Assert.Contains("superseded", late.Ignored, StringComparison.Ordinal);
        Assert.Equal(AnnotationTaskStatus.AwaitingQc, late.Task.Status);
    }

    [Fact]
    public void A_returned_read_claimed_again_goes_back_to_its_reader_when_the_lease_lapses()
    {
        var (once, first) = Submitted(Claimed(OpenTask(), "dr-a", T0), "dr-a", T0.AddMinutes(1));
        var returned = _lifecycle.Reject(once, Rejection(once, first.SubmissionId, "dr-a", "x"), T0.AddMinutes(2)).Task;
        var reclaimed = Claimed(returned, "dr-a", T0.AddMinutes(3));

        var lapsed = _lifecycle.ExpireDeadlines(reclaimed, T0.AddMinutes(3) + Lease).Task;

        Assert.Equal(ReadState.Returned, Assert.Single(lapsed.Reads).State);
        Assert.Equal(T0.AddMinutes(2).AddHours(1), lapsed.NextDeadline);
    }

    [Fact]
    public void A_returned_read_not_resubmitted_in_time_is_given_to_another_reader()
    {
        var (once, first) = Submitted(Claimed(OpenTask(), "dr-a", T0), "dr-a", T0.AddMinutes(1));
        var returned = _lifecycle.Reject(once, Rejection(once, first.SubmissionId, "dr-a", "x"), T0.AddMinutes(2)).Task;

        var expired = _lifecycle.ExpireDeadlines(returned, T0.AddMinutes(2).AddHours(1));

        Assert.Equal(TaskLifecycle.ExpiredReturn, Assert.IsType<AnnotationTaskExpired>(Assert.Single(expired.Events)).Reason);
        Assert.Equal(AnnotationTaskStatus.Open, expired.Task.Status);
        Assert.Equal(TaskRules.AlreadyRead, Assert.Throws<TaskRuleException>(() => _lifecycle.Claim(expired.Task, "dr-a", T0.AddHours(2))).Code);
        var taken = Claimed(expired.Task, "dr-b", T0.AddHours(2));
        Assert.Equal(1, taken.ActiveReadOf("dr-b")!.ReadNumber);
    }

    [Fact]
    public void An_audit_task_needs_two_independent_readers_and_one_reader_can_never_read_it_twice()
    {
        var task = Claimed(OpenTask(reads: 2, audit: true), "dr-a", T0);
        Assert.Equal(AnnotationTaskStatus.Open, task.Status);

        var (afterA, readA) = Submitted(task, "dr-a", T0.AddMinutes(1));
        Assert.Equal(AnnotationTaskStatus.Open, afterA.Status);
        Assert.Equal(TaskRules.AlreadyRead, Assert.Throws<TaskRuleException>(() => _lifecycle.Claim(afterA, "dr-a", T0.AddMinutes(2))).Code);
        Assert.Equal(TaskRules.NotHolder, Assert.Throws<TaskRuleException>(() => _lifecycle.Submit(afterA, "dr-a", Guid.NewGuid(), "aa", "image/png", T0.AddMinutes(2))).Code);

        var (afterB, readB) = Submitted(Claimed(afterA, "dr-b", T0.AddMinutes(2)), "dr-b", T0.AddMinutes(3));

        Assert.Equal((1, 2, true), (readA.ReadNumber, readA.RequiredReads, readA.IsAuditSample));
        Assert.Equal((2, 2, true), (readB.ReadNumber, readB.RequiredReads, readB.IsAuditSample));
        Assert.Equal(AnnotationTaskStatus.AwaitingQc, afterB.Status);
    }

    [Fact]
    public void Adjudication_adds_a_read_for_a_reader_who_has_not_read_the_task()
    {
        var (a, _) = Submitted(Claimed(OpenTask(reads: 2, audit: true), "dr-a", T0), "dr-a", T0.AddMinutes(1));
        var (both, _) = Submitted(Claimed(a, "dr-b", T0.AddMinutes(2)), "dr-b", T0.AddMinutes(3));
        var request = new AnnotationAdjudicationRequested(Guid.NewGuid(), T0, both.SiteId, both.TaskId, ["dr-a", "dr-b"], [new MetricValue("dice", 0.4)], "Dice 0.40 < 0.80");

        var adjudicating = _lifecycle.RequestAdjudication(both, request, T0.AddMinutes(4)).Task;

        Assert.Equal((3, AnnotationTaskStatus.Open), (adjudicating.RequiredReads, adjudicating.Status));
        Assert.Throws<TaskRuleException>(() => _lifecycle.Claim(adjudicating, "dr-a", T0.AddMinutes(5)));
        Assert.Throws<TaskRuleException>(() => _lifecycle.Claim(adjudicating, "dr-b", T0.AddMinutes(5)));
        var (third, read3) = Submitted(Claimed(adjudicating, "dr-c", T0.AddMinutes(5)), "dr-c", T0.AddMinutes(6));
        Assert.Equal((3, 3), (read3.ReadNumber, read3.RequiredReads));
        Assert.Equal(AnnotationTaskStatus.AwaitingQc, third.Status);
        // The same request delivered again adds nothing.
        Assert.False(_lifecycle.RequestAdjudication(adjudicating, request, T0.AddMinutes(7)).Changed);
    }

    [Fact]
    public void Adjudication_stops_at_the_most_reads_allowed()
    {
        var task = OpenTask(reads: 3, audit: true);
        var request = new AnnotationAdjudicationRequested(Guid.NewGuid(), T0, task.SiteId, task.TaskId, [], [], "again");

        var t = _lifecycle.RequestAdjudication(task, request, T0);

        Assert.False(t.Changed);
        Assert.Equal(3, t.Task.RequiredReads);
    }

    [Fact]
    public void A_skip_frees_the_read_for_others_bars_the_reader_and_publishes_the_reason()
    {
        var task = Claimed(OpenTask(), "dr-a", T0);

        var skipped = _lifecycle.Skip(task, "dr-a", "  image unreadable ", T0.AddMinutes(1));

        var e = Assert.IsType<AnnotationTaskSkipped>(Assert.Single(skipped.Events));
        Assert.Equal(("dr-a", "image unreadable"), (e.ReaderId, e.Reason));
        Assert.Equal(AnnotationTaskStatus.Open, skipped.Task.Status);
        Assert.Equal(TaskRules.Skipped, Assert.Throws<TaskRuleException>(() => _lifecycle.Claim(skipped.Task, "dr-a", T0.AddMinutes(2))).Code);
        Assert.Equal("dr-b", Assert.Single(Claimed(skipped.Task, "dr-b", T0.AddMinutes(2)).Reads).ReaderId);
        Assert.False(_lifecycle.Skip(skipped.Task, "dr-a", "again", T0.AddMinutes(3)).Changed);
    }

    [Fact]
    public void A_skip_needs_a_reason_and_is_refused_after_submitting()
    {
        var (submitted, _) = Submitted(Claimed(OpenTask(), "dr-a", T0), "dr-a", T0.AddMinutes(1));

        Assert.Equal(TaskRules.ReasonRequired, Assert.Throws<TaskRuleException>(() => _lifecycle.Skip(OpenTask(), "dr-a", " ", T0)).Code);
        Assert.Equal(TaskRules.AlreadyRead, Assert.Throws<TaskRuleException>(() => _lifecycle.Skip(submitted, "dr-a", "changed my mind", T0)).Code);
    }

    [Fact]
    public void Skipping_a_returned_read_gives_its_slot_to_another_reader()
    {
        var (once, first) = Submitted(Claimed(OpenTask(), "dr-a", T0), "dr-a", T0.AddMinutes(1));
        var returned = _lifecycle.Reject(once, Rejection(once, first.SubmissionId, "dr-a", "x"), T0.AddMinutes(2)).Task;

        var skipped = _lifecycle.Skip(returned, "dr-a", "cannot tell", T0.AddMinutes(3)).Task;

        Assert.Equal(ReadState.Abandoned, skipped.Reads[0].State);
        Assert.Equal(AnnotationTaskStatus.Open, skipped.Status);
        Assert.Equal(1, Claimed(skipped, "dr-b", T0.AddMinutes(4)).ActiveReadOf("dr-b")!.ReadNumber);
    }

    [Fact]
    public void A_cancelled_task_publishes_its_reason_and_refuses_every_reader_action()
    {
        var cancelled = _lifecycle.Cancel(Claimed(OpenTask(), "dr-a", T0), "study deleted", T0.AddMinutes(1));

        Assert.Equal("study deleted", Assert.IsType<AnnotationTaskCancelled>(Assert.Single(cancelled.Events)).Reason);
        Assert.Equal(AnnotationTaskStatus.Cancelled, cancelled.Task.Status);
        Assert.Equal(DateTimeOffset.MaxValue, cancelled.Task.NextDeadline);
        Assert.Equal(TaskRules.Closed, Assert.Throws<TaskRuleException>(() => _lifecycle.Claim(cancelled.Task, "dr-b", T0)).Code);
        Assert.Equal(TaskRules.Closed, Assert.Throws<TaskRuleException>(() => _lifecycle.Submit(cancelled.Task, "dr-a", Guid.NewGuid(), "aa", "image/png", T0)).Code);
        Assert.Equal(TaskRules.Closed, Assert.Throws<TaskRuleException>(() => _lifecycle.Cancel(cancelled.Task, "again", T0)).Code);
        Assert.False(_lifecycle.ExpireDeadlines(cancelled.Task, T0.AddDays(1)).Changed);
    }

    [Fact]
    public void Cancelling_a_held_candidate_publishes_nothing_because_nothing_was_announced()
    {
        var held = TaskLifecycle.Candidate(Results.Completed(), new TriageDecision([new QcFlag("uncertainty", "x")], false, 1, 0.8), T0);

        var cancelled = _lifecycle.Cancel(held, "budget cut", T0);

        Assert.Empty(cancelled.Events);
        Assert.Equal(AnnotationTaskStatus.NotOpened, cancelled.Task.Status);
    }

    [Fact]
    public void A_withdrawn_case_closes_the_accepted_task_with_qcs_reasons()
    {
        var (submitted, s) = Submitted(Claimed(OpenTask(), "dr-a", T0), "dr-a", T0.AddMinutes(1));
        var caseId = Guid.NewGuid();
        var accepted = _lifecycle.Accept(submitted, new AnnotationAccepted(Guid.NewGuid(), T0, submitted.SiteId, caseId, submitted.TaskId,
            submitted.Task, submitted.ModelId, submitted.Labels, submitted.Image, s.LabelBlobSha256, "image/png", ["dr-a"], false, []), T0).Task;

        var other = _lifecycle.Withdraw(accepted, new CaseWithdrawn(Guid.NewGuid(), T0, accepted.SiteId, Guid.NewGuid(), accepted.TaskId, []), T0);
        var withdrawn = _lifecycle.Withdraw(accepted, new CaseWithdrawn(Guid.NewGuid(), T0, accepted.SiteId, caseId, accepted.TaskId,
            [new QcFlag("third-read-disagrees", "A third read disagreed.")]), T0.AddMinutes(9));

        Assert.False(other.Changed);
        Assert.Equal(AnnotationTaskStatus.Withdrawn, withdrawn.Task.Status);
        Assert.Equal(["third-read-disagrees"], withdrawn.Task.Findings.Select(f => f.Code));
    }

    [Fact]
    public void Event_ids_are_derived_from_the_task_and_its_revision_so_a_retried_transition_names_them_the_same()
    {
        var task = Claimed(OpenTask(), "dr-a", T0);
        var submission = Guid.NewGuid();

        var a = _lifecycle.Submit(task, "dr-a", submission, "aa", "image/png", T0.AddMinutes(1));
        var b = _lifecycle.Submit(task, "dr-a", submission, "aa", "image/png", T0.AddMinutes(1));
        var skip = _lifecycle.Skip(task, "dr-a", "x", T0);

        Assert.Equal(a.Events[0].MessageId, b.Events[0].MessageId);
        Assert.NotEqual(a.Events[0].MessageId, skip.Events[0].MessageId);
        Assert.Equal(TaskRules.DuplicateSubmission, Assert.Throws<TaskRuleException>(() => _lifecycle.Submit(a.Task, "dr-a", submission, "aa", "image/png", T0)).Code);
    }
}
