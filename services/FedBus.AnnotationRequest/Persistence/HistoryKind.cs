namespace FedBus.AnnotationRequest.Persistence;

public enum HistoryKind
{
    Submission,
    Skip,
}
