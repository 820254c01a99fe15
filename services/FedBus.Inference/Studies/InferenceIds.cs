using FedBus.ServiceDefaults.Messaging;

namespace FedBus.Inference.Studies;

/// <summary>
/// Ids of everything inference creates, derived from the StudyReceived message that caused it (UUID v5 over a name):
/// a redelivery — also after a crash between the effect and the inbox record — names the same prediction and the same
/// events, so nothing is created twice.
/// </summary>
public static class InferenceIds
{
    /// <summary>One prediction per (study message, instance, frame number, model) — not per model version: a redelivery after a swap is the same prediction.</summary>
    public static Guid Prediction(Guid studyMessageId, string sopInstanceUid, int frame, string modelId) =>
        DeterministicId.Derive(studyMessageId, $"inference/prediction/{sopInstanceUid}/{frame}/{modelId}");

    public static Guid Completed(Guid predictionId) => DeterministicId.Derive(predictionId, "inference/completed");

    public static Guid Skipped(Guid studyMessageId, string sopInstanceUid, int? frame, string? modelId) =>
        DeterministicId.Derive(studyMessageId, $"inference/skipped/{sopInstanceUid}/{(frame is { } f ? f.ToString(System.Globalization.CultureInfo.InvariantCulture) : "*")}/{modelId ?? "*"}");
}
