namespace FedBus.QualityControl.CrashProbe;

/// <param name="BeforeAccepted">Die as AnnotationAccepted is about to go to the broker (the verdict is stored, the broker has not seen it).</param>
/// <param name="AfterReview">Die once a submission's review is committed, before the broker has the ack (so it redelivers it).</param>
public sealed record CrashOptions(bool BeforeAccepted, bool AfterReview);
