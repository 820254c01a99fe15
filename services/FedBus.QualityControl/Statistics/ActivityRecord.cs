namespace FedBus.QualityControl.Statistics;

/// <summary>
/// One fact of the site's activity for the hub's counts (collection "qc_activity"): a study that arrived (kind
/// "study", id derived from its Study Instance UID, so a study announced again counts once) or a task that was opened
/// (kind "task", id = the task's id, with its model). A document per fact, not a counter per model, so a burst of
/// studies writes no shared document; <see cref="Folded"/> turns true once the reporter has added it to the counts.
/// </summary>
public sealed record ActivityRecord(string Kind, string? ModelId, bool Folded, DateTimeOffset At)
{
    public const string Study = "study";
    public const string Task = "task";
}
