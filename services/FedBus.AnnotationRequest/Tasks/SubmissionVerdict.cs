namespace FedBus.AnnotationRequest.Tasks;

public enum SubmissionVerdict
{
    Pending,
    Rejected,
    Accepted,
}
