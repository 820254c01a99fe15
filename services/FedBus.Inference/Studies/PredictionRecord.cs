using FedBus.Contracts;

namespace FedBus.Inference.Studies;

/// <summary>A stored prediction (collection "inference_predictions", id = PredictionId): the event as published, and where it came from.</summary>
public sealed record PredictionRecord(Guid PredictionId, string StudyInstanceUid, Guid SourceMessageId, long ModelPublication, InferenceCompleted Completed)
{
    public const string Collection = "inference_predictions";
}
