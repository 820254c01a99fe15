using System.Globalization;
using FedBus.Contracts;

namespace FedBus.AnnotationRequest.Triage;

/// <summary>
/// Decides whether one inference result asks for a radiologist: its triage score passes the threshold, inference
/// raised a QC flag, or it is a confident result drawn as an audit sample. Pure: the same result always gets the same
/// decision (the audit draw is seeded by the prediction id), so a redelivery decides as the first delivery did.
/// </summary>
public sealed class TriagePolicy(TriageOptions options)
{
    public TriageOptions Options { get; } = options;

    public TriageDecision Evaluate(InferenceCompleted result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var score = double.IsFinite(result.TriageScore) ? Math.Clamp(result.TriageScore, 0, 1) : 1;
        var reasons = new List<QcFlag>();
        if (score >= Options.Threshold)
            reasons.Add(new QcFlag(TriageReasons.Uncertainty, string.Create(CultureInfo.InvariantCulture,
                $"The model may be wrong here: triage score {score:0.00} is at or above the threshold {Options.Threshold:0.00}.")));
        foreach (var flag in result.QcFlags)
            reasons.Add(new QcFlag(TriageReasons.QcPrefix + flag.Code, flag.Message));

        if (reasons.Count > 0)
        {
            var value = result.QcFlags.Count > 0 ? Math.Max(score, Options.QcFlagValue) : score;
            return new TriageDecision(reasons, IsAuditSample: false, RequiredReads: 1, value);
        }
        if (IsAuditDraw(result.PredictionId))
        {
            return new TriageDecision(
                [new QcFlag(TriageReasons.AuditSample, "A confident result picked at random for an independent double read.")],
                IsAuditSample: true, RequiredReads: Options.AuditReads, Options.AuditPriority);
        }
        return TriageDecision.NoTask;
    }

    /// <summary>True for about <see cref="TriageOptions.AuditRate"/> of all predictions, always the same ones.</summary>
    public bool IsAuditDraw(Guid predictionId) =>
        Options.AuditRate > 0 && StableSample.Uniform(predictionId, Options.AuditSeed) < Options.AuditRate;
}
