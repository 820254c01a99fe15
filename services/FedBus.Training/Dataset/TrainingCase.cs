using FedBus.Contracts;

namespace FedBus.Training.Dataset;

/// <summary>
/// One case of the site's dataset for a model: where its image and label are, its fixed pool (train or validation,
/// decided at intake by SiteSplit), the classes its label holds, and its decoded model input once prepared. Site-internal: the
/// image reference names the study and is never logged.
/// </summary>
/// <param name="Frame">DICOM frame number (1-based, as WADO-RS).</param>
/// <param name="Image">Where an accepted case's instance is (UIDs for WADO-RS); null for a seeded case, whose instance is a blob.</param>
/// <param name="ClassIds">Class ids present in the label (segmentation: in the model grid), for counts by class.</param>
public sealed record TrainingCase(
    Guid CaseId,
    string ModelId,
    TaskKind Task,
    CaseOrigin Origin,
    Guid? TaskId,
    ImageRef? Image,
    string InstanceBlobSha256,
    int Frame,
    string LabelBlobSha256,
    string LabelMediaType,
    int LabelSchemaVersion,
    bool IsValidation,
    IReadOnlyList<int> ClassIds,
    CaseInputRef? Input,
    CaseState State,
    QcFlag? Problem,
    DateTimeOffset AddedAt,
    DateTimeOffset? WithdrawnAt,
    Guid SourceMessageId);
