using System.Text.Json.Serialization;

namespace FedBus.Training.Jobs;

// By name in the API, as the hub writes its rounds' states.
[JsonConverter(typeof(JsonStringEnumConverter<JobKind>))]
public enum JobKind
{
    /// <summary>Local training for a round (TrainingRoundStarted) → ModelUpdateSubmitted.</summary>
    Round,

    /// <summary>Scoring a candidate and the current model (ValidateCandidateModel) → CandidateModelValidated; runs ahead of rounds.</summary>
    Validation,
}
