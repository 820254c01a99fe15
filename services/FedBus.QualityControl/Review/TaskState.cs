using System.Text.Json.Serialization;

namespace FedBus.QualityControl.Review;

[JsonConverter(typeof(JsonStringEnumConverter<TaskState>))]
public enum TaskState
{
    /// <summary>Waiting for (more) reads that pass the rules.</summary>
    CollectingReads,

    /// <summary>Two reads disagreed; a third reader has been asked for.</summary>
    AwaitingAdjudication,

    /// <summary>The label is a case in the site's training pool.</summary>
    Accepted,

    /// <summary>An accepted case was rejected later.</summary>
    Withdrawn,
}
