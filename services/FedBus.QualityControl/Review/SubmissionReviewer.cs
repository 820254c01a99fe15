using System.Security.Cryptography;
using FedBus.Contracts;
using FedBus.Imaging.Labels;
using FedBus.QualityControl.Agreement;
using FedBus.QualityControl.Drift;
using FedBus.QualityControl.Rules;

namespace FedBus.QualityControl.Review;

/// <summary>
/// QC's decision for one submission, with no bus and no database. Errors reject the submission back to its reader
/// (who resubmits the same read). A read that passes is kept; once the task has all its reads it is decided: one read
/// is accepted as it is; two reads are compared (<see cref="LabelAgreement"/>) and accepted if they agree, or sent to a
/// third reader if not; three or more are accepted as their <see cref="Consensus"/>, the third reader breaking ties.
/// Returns null for a submission already reviewed (a redelivery).
/// </summary>
public sealed class SubmissionReviewer(LabelRules rules, AgreementSettings agreement)
{
    public ReviewResult? Review(SubmissionReview input)
    {
        var s = input.Submission;
        var task = input.Existing ?? TaskRecord.Open(s, input.Now);
        if (task.ReviewedSubmissions.Contains(s.SubmissionId)) return null;
        task = task with
        {
            ReviewedSubmissions = [.. task.ReviewedSubmissions, s.SubmissionId],
            RequiredReads = Math.Max(task.RequiredReads, s.RequiredReads),
            UpdatedAt = input.Now,
        };

        if (task.IsDecided)
            return new ReviewResult(task, Verdict(input, SubmissionOutcome.Ignored, [], $"the task was already {task.State.ToString().ToLowerInvariant()}"),
                null, null, null, null, [], null);

        IReadOnlyList<QcFinding> findings = input.Reading.Failure is { } failure
            ? [failure]
            : rules.Check(new LabelUnderReview(task.Task, task.Labels, task.Image.Rows, task.Image.Columns, input.Reading.Label!,
                input.Prefill, s.OpenedBecause, input.History, input.StructureExpected));

        if (findings.Any(f => f.IsError))
        {
            var rejected = new AnnotationRejected(QcIds.Rejected(s.SubmissionId), input.Now, s.SiteId, s.TaskId, s.SubmissionId, s.ReaderId,
                findings.Where(f => f.IsError).Select(f => f.ToFlag()).ToList());
            return new ReviewResult(task, Verdict(input, SubmissionOutcome.Rejected, findings, null), rejected, null, null, null, [], null);
        }

        var read = new ReadRecord(s.ReadNumber, s.SubmissionId, s.ReaderId, s.LabelBlobSha256, s.LabelMediaType,
            findings.Select(f => f.ToFlag()).ToList(), input.Now);
        task = task with { Reads = [.. task.Reads.Where(r => r.ReadNumber != s.ReadNumber), read] };
        task = task with { Reads = task.Reads.OrderBy(r => r.ReadNumber).ToList() };
        if (task.Reads.Count < task.RequiredReads)
            return new ReviewResult(task, Verdict(input, SubmissionOutcome.Pending, findings,
                $"read {s.ReadNumber} of {task.RequiredReads} passed; waiting for the others"), null, null, null, null, [], null);

        var labels = task.Reads.Select(r => r.ReadNumber == s.ReadNumber ? input.Reading.Label! : Earlier(input, r)).ToList();
        if (labels.Count == 1) return Accept(input, task, findings, labels, tieBreaker: 0, [], null);

        if (labels.Count == 2)
        {
            var compared = LabelAgreement.Compare(labels[0], labels[1], agreement);
            var pair = new PairObservation(task.Reads[0].ReaderId, task.Reads[1].ReaderId, compared.Score, compared.Agree,
                (labels[0] as ClassIdLabel)?.ClassId, (labels[1] as ClassIdLabel)?.ClassId);
            if (compared.Agree)
                return Accept(input, task with { Agreement = compared.Metrics }, findings, labels, tieBreaker: 0,
                    task.Reads.Select(r => new ReaderAgreementObservation(r.ReaderId, compared.Score)).ToList(), pair);

            var reason = $"The two reads disagree ({Describe(compared)}); a third reader who has not read this image settles it.";
            task = task with { State = TaskState.AwaitingAdjudication, RequiredReads = Math.Max(task.RequiredReads, 3), Agreement = compared.Metrics };
            var adjudication = new AnnotationAdjudicationRequested(QcIds.AdjudicationRequested(s.TaskId), input.Now, s.SiteId, s.TaskId,
                task.ReaderIds, compared.Metrics, reason);
            return new ReviewResult(task, Verdict(input, SubmissionOutcome.AdjudicationRequested, findings, reason), null, adjudication, null, null, [], pair);
        }

        // Three or more reads: the majority decides, the last (adjudicating) read breaks ties.
        var consensus = Consensus.Of(labels, labels.Count - 1, agreement.BoxMatchIoU);
        var observations = task.Reads.Zip(labels)
            .Select(x => new ReaderAgreementObservation(x.First.ReaderId, LabelAgreement.Compare(x.Second, consensus, agreement).Score))
            .ToList();
        return Accept(input, task, findings, labels, labels.Count - 1, observations, null);
    }

    private static ImageLabel Earlier(SubmissionReview input, ReadRecord read) =>
        input.EarlierReads.TryGetValue(read.ReadNumber, out var label)
            ? label
            : throw new InvalidOperationException($"The label of read {read.ReadNumber} of task {input.Submission.TaskId} was not loaded.");

    private ReviewResult Accept(SubmissionReview input, TaskRecord task, IReadOnlyList<QcFinding> findings, IReadOnlyList<ImageLabel> labels,
        int tieBreaker, IReadOnlyList<ReaderAgreementObservation> observations, PairObservation? pair)
    {
        var s = input.Submission;
        var consensus = Consensus.Of(labels, tieBreaker, agreement.BoxMatchIoU);
        var encoded = LabelCodec.Encode(consensus);
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(encoded.Bytes));
        var caseId = QcIds.CaseOf(task.TaskId);
        var warnings = task.Reads.SelectMany(r => r.Warnings).Distinct().ToList();
        task = task with
        {
            State = TaskState.Accepted,
            CaseId = caseId,
            LabelBlobSha256 = sha256,
            LabelMediaType = encoded.MediaType,
            AcceptedClasses = LabelClasses.Of(consensus),
            Warnings = warnings,
            AcceptedAt = input.Now,
        };
        var accepted = new AnnotationAccepted(QcIds.Accepted(task.TaskId), input.Now, s.SiteId, caseId, task.TaskId, task.Task, task.ModelId,
            task.Labels, task.Image, sha256, encoded.MediaType, task.ReaderIds, task.IsAuditSample, warnings);
        var note = labels.Count switch
        {
            1 => null,
            2 => "both reads agree",
            _ => $"consensus of {labels.Count} reads",
        };
        return new ReviewResult(task, Verdict(input, SubmissionOutcome.Accepted, findings, note), null, null, accepted, encoded, observations, pair);
    }

    private static SubmissionRecord Verdict(SubmissionReview input, SubmissionOutcome outcome, IReadOnlyList<QcFinding> findings, string? note)
    {
        var s = input.Submission;
        return new SubmissionRecord(s.SubmissionId, s.TaskId, s.ReaderId, s.ReadNumber, s.ModelId, outcome, findings, input.Now, note);
    }

    private static string Describe(AgreementResult r) =>
        string.Join(", ", r.Metrics.Select(m => FormattableString.Invariant($"{m.Name} {m.Value:0.00}")));
}
