using FedBus.Contracts;
using FedBus.Imaging.Labels;
using FedBus.QualityControl.Rules;

namespace FedBus.QualityControl.Review;

/// <summary>
/// Everything one submission changes: the task's new state, the verdict, the events to publish, the consensus label to
/// store, and what the reader and pair statistics learn from it. The service stores all of it as one unit.
/// </summary>
public sealed record ReviewResult(
    TaskRecord Task,
    SubmissionRecord Submission,
    AnnotationRejected? Rejected,
    AnnotationAdjudicationRequested? AdjudicationRequested,
    AnnotationAccepted? Accepted,
    EncodedLabel? ConsensusLabel,
    IReadOnlyList<ReaderAgreementObservation> ReaderAgreement,
    PairObservation? Pair)
{
    public IReadOnlyList<ISiteMessage> Events =>
        new ISiteMessage?[] { Rejected, AdjudicationRequested, Accepted }.OfType<ISiteMessage>().ToList();

    public IEnumerable<QcFinding> Errors => Submission.Findings.Where(f => f.IsError);

    public IEnumerable<QcFinding> Warnings => Submission.Findings.Where(f => !f.IsError);
}
