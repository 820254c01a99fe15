namespace FedBus.Training.Jobs;

public enum JobKind
{
    /// <summary>Local training for a round (TrainingRoundStarted) → ModelUpdateSubmitted.</summary>
    Round,

    /// <summary>Scoring a candidate and the current model (ValidateCandidateModel) → CandidateModelValidated; runs ahead of rounds.</summary>
    Validation,
}
