using FedBus.Contracts;

namespace FedBus.Inference.Studies;

/// <summary>A recorded skip (collection "inference_skips", id = the event's MessageId).</summary>
public sealed record SkipRecord(Guid EventId, string StudyInstanceUid, Guid SourceMessageId, InferenceSkipped Skipped)
{
    public const string Collection = "inference_skips";
}
