namespace FedBus.AppHost.Demo;

/// <summary>What one site's bus carried during one period of the run (before round 1 = period 0, after round r = period r).</summary>
internal sealed class RoundActivity
{
    public int StudiesIngested;
    public int InstancesIngested;
    public int Predictions;
    public int Skipped;
    public int TasksOpened;
    public int AuditTasksOpened;
    public int Submissions;
    public int QcAccepted;
    public int QcRejectedSubmissions;
    public int UpdatesSubmitted;
    public readonly HashSet<Guid> TasksAnswered = [];
    public readonly Dictionary<string, int> QcRejected = new(StringComparer.Ordinal);
    public readonly Dictionary<int, int> PredictionsByModelVersion = [];
    public readonly Dictionary<string, int> SkipReasons = new(StringComparer.Ordinal);

    /// <summary>Opened (not audit) tasks whose prediction really was poor / all opened (not audit) with a known quality.</summary>
    public int TriagedPoor;
    public int TriagedJudged;

    /// <summary>All predictions that were poor / all predictions judged: the precision random triage would have.</summary>
    public int PredictionsPoor;
    public int PredictionsJudged;
}
