using FedBus.Contracts;
using FedBus.Imaging.Labels;

namespace FedBus.AppHost.Demo;

/// <summary>
/// What happened at one site, counted from the events its own bus carried (<see cref="SiteActivityObserver"/>) and from
/// what its simulators did. Thread-safe; the run moves <see cref="Period"/> on as the rounds pass.
/// </summary>
internal sealed class SiteActivity(string siteId, IReadOnlyDictionary<string, DemoImage> truth, int classes)
{
    private readonly Lock gate = new();
    private readonly List<RoundActivity> periods = [new()];
    private readonly Dictionary<Guid, bool> poorByPrediction = [];
    private readonly Dictionary<string, DateTimeOffset> storedAt = new(StringComparer.Ordinal);
    private readonly HashSet<Guid> seenTasks = [];
    private readonly List<double> latencyMs = [];
    private readonly HashSet<Guid> delivered = [];
    private readonly Dictionary<Guid, TaskQc> qcByTask = [];
    private int period;
    private int duplicates;

    public string SiteId => siteId;

    public int Classes => classes;

    public int Period
    {
        get { lock (gate) return period; }
    }

    /// <summary>Called when the PACS stored a whole study (a simulator process prints it for `up`'s run to pick up).</summary>
    public Action<string, DateTimeOffset>? OnStudyStored { get; set; }

    /// <summary>Called when a reader first sees a task (a simulator process prints it for `up`'s run to pick up).</summary>
    public Action<Guid, string, DateTimeOffset>? OnTaskSeen { get; set; }

    /// <summary>Deliveries of an event already counted (a re-sent outbox entry, a redelivery after a broker restart).</summary>
    public int DuplicateDeliveries
    {
        get { lock (gate) return duplicates; }
    }

    /// <summary>
    /// True the first time a message id is seen: the observer counts each event once, as the services' inboxes apply it
    /// once, however often at-least-once delivery brings it. No id: counted (the in-memory bus always sets one).
    /// </summary>
    public bool FirstDelivery(Guid? messageId)
    {
        if (messageId is not { } id) return true;
        lock (gate)
        {
            if (delivered.Add(id)) return true;
            duplicates++;
            return false;
        }
    }

    /// <summary>A reader's submission of the task reached QC's queue (AnnotationSubmitted).</summary>
    public void Submitted(Guid taskId) => Track(taskId, q => q.Submitted++);

    /// <summary>QC returned one submission of the task (AnnotationRejected).</summary>
    public void Rejected(Guid taskId) => Track(taskId, q => q.Rejected++);

    /// <summary>QC decided the task: accepted it, or asked for an adjudicating read (no further read of these readers).</summary>
    public void Decided(Guid taskId) => Track(taskId, q => q.Decided = true);

    /// <summary>
    /// Every one of the tasks has QC's answer to what was submitted: decided, or every submission returned. A first read of
    /// a two-read audit task has no event of its own; the task then waits on the worklist for its second reader.
    /// </summary>
    public bool AllJudged(IEnumerable<Guid> taskIds)
    {
        lock (gate)
            return taskIds.All(t => qcByTask.TryGetValue(t, out var q) && (q.Decided || q.Rejected >= q.Submitted));
    }

    private void Track(Guid taskId, Action<TaskQc> change)
    {
        lock (gate)
        {
            if (!qcByTask.TryGetValue(taskId, out var q)) qcByTask[taskId] = q = new TaskQc();
            change(q);
        }
    }

    private sealed class TaskQc
    {
        public int Submitted;
        public int Rejected;
        public bool Decided;
    }

    public DemoImage? TruthOf(string sopInstanceUid) => truth.GetValueOrDefault(sopInstanceUid);

    public void StartPeriod(int index)
    {
        lock (gate)
        {
            while (periods.Count <= index) periods.Add(new RoundActivity());
            period = index;
        }
    }

    /// <summary>Runs <paramref name="change"/> on the current period's counters under the lock.</summary>
    public void Count(Action<RoundActivity> change)
    {
        lock (gate) change(periods[period]);
    }

    public T Read<T>(Func<IReadOnlyList<RoundActivity>, T> read)
    {
        lock (gate) return read(periods);
    }

    public void PredictionJudged(Guid predictionId, ImageLabel prediction, ImageLabel groundTruth, int modelVersion)
    {
        var poor = LabelQuality.IsPoor(prediction, groundTruth, classes);
        lock (gate)
        {
            poorByPrediction[predictionId] = poor;
            var p = periods[period];
            p.PredictionsJudged++;
            if (poor) p.PredictionsPoor++;
        }
    }

    public void TaskOpened(AnnotationTaskCreated task)
    {
        lock (gate)
        {
            var p = periods[period];
            p.TasksOpened++;
            if (task.IsAuditSample)
            {
                p.AuditTasksOpened++;
                return;
            }
            if (poorByPrediction.TryGetValue(task.PredictionId, out var poor))
            {
                p.TriagedJudged++;
                if (poor) p.TriagedPoor++;
            }
        }
    }

    /// <summary>The PACS got the last C-STORE response of the study.</summary>
    public void StudyStored(string studyInstanceUid, DateTimeOffset at)
    {
        OnStudyStored?.Invoke(studyInstanceUid, at);
        lock (gate) storedAt[studyInstanceUid] = at;
    }

    /// <summary>A radiologist saw the task on the worklist for the first time.</summary>
    public void TaskSeen(Guid taskId, string studyInstanceUid, DateTimeOffset at)
    {
        OnTaskSeen?.Invoke(taskId, studyInstanceUid, at);
        lock (gate)
        {
            if (!seenTasks.Add(taskId) || !storedAt.TryGetValue(studyInstanceUid, out var stored)) return;
            latencyMs.Add(Math.Max(0, (at - stored).TotalMilliseconds));
        }
    }

    public IReadOnlyList<double> LatenciesMs()
    {
        lock (gate) return [.. latencyMs];
    }

    /// <summary>Totals over all periods, for the live display.</summary>
    public (int Studies, int Predictions, int Opened, int Answered, int Accepted, int Rejected) Totals()
    {
        lock (gate)
            return (periods.Sum(p => p.StudiesIngested), periods.Sum(p => p.Predictions), periods.Sum(p => p.TasksOpened),
                periods.Sum(p => p.TasksAnswered.Count), periods.Sum(p => p.QcAccepted), periods.Sum(p => p.QcRejectedSubmissions));
    }
}
