using System.Text.Json.Serialization;

namespace FedBus.QualityControl.Review;

[JsonConverter(typeof(JsonStringEnumConverter<SubmissionOutcome>))]
public enum SubmissionOutcome
{
    /// <summary>Failed a rule; back to its reader with the reasons.</summary>
    Rejected,

    /// <summary>Passed the rules; the task waits for its other reads.</summary>
    Pending,

    /// <summary>Passed, and with it the task's reads disagreed: a third read was requested.</summary>
    AdjudicationRequested,

    /// <summary>Passed, and with it the task was accepted.</summary>
    Accepted,

    /// <summary>Arrived after the task was decided; nothing changed.</summary>
    Ignored,
}
