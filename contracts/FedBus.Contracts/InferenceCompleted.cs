namespace FedBus.Contracts;

/// <summary>
/// The site's current model ran on one image. The prediction (mask PNG at the image's own size, class probabilities
/// or boxes as JSON) is in the site's blob store. <see cref="TriageScore"/> (0..1, higher = more likely poor) combines
/// the model's uncertainty, image-level out-of-distribution signals and output plausibility; <see cref="Signals"/>
/// holds each named input, <see cref="QcFlags"/> every check that fired, with a readable reason.
/// </summary>
public sealed record InferenceCompleted(
    Guid MessageId,
    DateTimeOffset OccurredAt,
    string SiteId,
    Guid PredictionId,
    ImageRef Image,
    string ModelId,
    int ModelVersion,
    TaskKind Task,
    LabelSchema Labels,
    string PredictionBlobSha256,
    string PredictionMediaType,
    UncertaintySummary Uncertainty,
    double TriageScore,
    IReadOnlyList<MetricValue> Signals,
    IReadOnlyList<QcFlag> QcFlags) : ISiteMessage;
