using FedBus.Contracts;

namespace FedBus.AnnotationRequest.Tests.Support;

/// <summary>Inference results for tests: one image of a series, with the score and flags a test needs.</summary>
public static class Results
{
    public const string Site = "site-test";
    public const string Model = "brain-seg";

    public static readonly LabelSchema Schema = new(1, ["background", "brain"]);

    public static ImageRef Image(string series = "1.2.3.4", int instance = 10, int frame = 1, int rows = 8, int columns = 6) =>
        new("1.2.3", series, $"{series}.{instance}", frame, "ab".PadRight(64, '0'), rows, columns, instance);

    public static InferenceCompleted Completed(
        double triageScore = 0.8,
        IReadOnlyList<QcFlag>? flags = null,
        Guid? predictionId = null,
        ImageRef? image = null,
        TaskKind kind = TaskKind.Segmentation,
        string prefillSha = "cd",
        string prefillMediaType = "image/png") =>
        new(
            MessageId: Guid.NewGuid(),
            OccurredAt: DateTimeOffset.UnixEpoch,
            SiteId: Site,
            PredictionId: predictionId ?? Guid.NewGuid(),
            Image: image ?? Image(),
            ModelId: Model,
            ModelVersion: 3,
            Task: kind,
            Labels: Schema,
            PredictionBlobSha256: prefillSha.PadRight(64, '0'),
            PredictionMediaType: prefillMediaType,
            Uncertainty: new UncertaintySummary(0.9, 0.1, 0.01, 8),
            TriageScore: triageScore,
            Signals: [new MetricValue("entropy", 0.1)],
            QcFlags: flags ?? []);
}
