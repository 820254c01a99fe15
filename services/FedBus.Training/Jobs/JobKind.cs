using System.Text.Json.Serialization;

namespace FedBus.Training.Jobs;

// By name in the API ("Round", "Validation"), as the services write their other enums.
[JsonConverter(typeof(JsonStringEnumConverter<JobKind>))]
public enum JobKind
{
    /// <summary>Local training for a round (TrainingRoundStarted) → ModelUpdateSubmitted.</summary>
    Round,

    /// <summary>Scoring a candidate and the current model (ValidateCandidateModel) → CandidateModelValidated; runs ahead of rounds.</summary>
    Validation,
}
