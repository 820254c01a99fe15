namespace FedBus.AnnotationRequest.Triage;

/// <summary>The reason codes a task carries in <c>OpenedBecause</c>.</summary>
public static class TriageReasons
{
    /// <summary>The triage score passed the task's threshold.</summary>
    public const string Uncertainty = "uncertainty";

    /// <summary>A confident result picked at random to measure how often confident results are wrong.</summary>
    public const string AuditSample = "audit-sample";

    /// <summary>Prefix of the codes for QC flags inference raised ("qc:mask-empty").</summary>
    public const string QcPrefix = "qc:";
}
