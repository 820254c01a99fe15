namespace FedBus.QualityControl.Review;

/// <summary>How one reader's read of a multi-read task agreed with the task's outcome (0…1).</summary>
public sealed record ReaderAgreementObservation(string ReaderId, double Score);
