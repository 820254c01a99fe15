namespace FedBus.QualityControl.Statistics;

/// <summary>The named counts of <see cref="FedBus.Contracts.SiteStatisticsReported"/> that QC reports.</summary>
public static class StatisticsNames
{
    public const string StudiesReceived = "studies-received";
    public const string TasksOpened = "tasks-opened";
    public const string Reviewed = "annotations-reviewed";
    public const string Rejected = "annotations-rejected";
    public const string Accepted = "annotations-accepted";
    public const string AdjudicationsRequested = "adjudications-requested";
    public const string CasesWithdrawn = "cases-withdrawn";
    public const string AcceptedCases = "accepted-cases";
    public const string NewAcceptedCases = "new-accepted-cases";
    public const string RejectedPrefix = "qc-rejected:";
    public const string WarningPrefix = "qc-warning:";
}
