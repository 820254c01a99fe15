using FedBus.Inference.Models;
using FedBus.Learning.Signals;

namespace FedBus.Inference.Batching;

/// <summary>
/// What the batcher made of one image: the analysis and triage from the model that ran the batch (with that model's
/// record, so the prediction names the version that made it), or why there is none (no model yet, the model failed).
/// </summary>
public sealed record BatchResult(AnalyzedImage? Analyzed, TriageAssessment? Assessment, ModelRecord? Model, string? FailureCode, string? FailureMessage)
{
    public static BatchResult Predicted(AnalyzedImage analyzed, TriageAssessment assessment, ModelRecord model) => new(analyzed, assessment, model, null, null);

    public static BatchResult Failed(string code, string message) => new(null, null, null, code, message);
}
