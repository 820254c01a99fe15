using FedBus.ServiceDefaults.Messaging;

namespace FedBus.QualityControl;

/// <summary>
/// Ids of QC's effects, derived from the message or request that caused them (name-based UUID, version 5), so a
/// repeat after a crash or redelivery names the same case and the same events, and consumers apply them once.
/// </summary>
public static class QcIds
{
    /// <summary>The namespace of names that have no causing id of their own (statistics reports).</summary>
    private static readonly Guid Namespace = new("5b0f2b8e-3c1d-4f6a-9e57-0c2d8a4e91b3");

    public static Guid CaseOf(Guid taskId) => Derive(taskId, "case");

    public static Guid Accepted(Guid taskId) => Derive(taskId, "annotation-accepted");

    public static Guid Rejected(Guid submissionId) => Derive(submissionId, "annotation-rejected");

    public static Guid AdjudicationRequested(Guid taskId) => Derive(taskId, "annotation-adjudication-requested");

    public static Guid Withdrawn(Guid caseId) => Derive(caseId, "case-withdrawn");

    public static Guid StatisticsReport(string siteId, string modelId, long sequence) =>
        Derive(Namespace, $"site-statistics-reported\n{siteId}\n{modelId}\n{sequence}");

    /// <summary>A name-based UUID (version 5) of <paramref name="name"/> under <paramref name="source"/>.</summary>
    public static Guid Derive(Guid source, string name) => DeterministicId.Derive(source, name);
}
