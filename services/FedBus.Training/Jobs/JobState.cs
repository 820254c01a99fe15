using System.Text.Json.Serialization;

namespace FedBus.Training.Jobs;

// By name in the API ("Running", "Failed"), as the services write their other enums.
[JsonConverter(typeof(JsonStringEnumConverter<JobState>))]
public enum JobState
{
    Pending,
    Running,

    /// <summary>Done; its message was committed to the outbox with this state.</summary>
    Completed,

    /// <summary>It cannot succeed (no training cases, weights that do not fit, attempts used up); the reason is on the job.</summary>
    Failed,

    /// <summary>Its deadline passed before it could finish (e.g. after a crash); the site joins the next round.</summary>
    Abandoned,

    /// <summary>The hub closed the round (TrainingRoundClosed) before the job finished.</summary>
    Cancelled,
}
