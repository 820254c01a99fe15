using FedBus.QualityControl.Rules;

namespace FedBus.QualityControl.Review;

/// <summary>QC's verdict on one submission (collection "qc_submissions", id = SubmissionId), with every finding.</summary>
public sealed record SubmissionRecord(
    Guid SubmissionId,
    Guid TaskId,
    string ReaderId,
    int ReadNumber,
    string ModelId,
    SubmissionOutcome Outcome,
    IReadOnlyList<QcFinding> Findings,
    DateTimeOffset ReviewedAt,
    string? Note);
