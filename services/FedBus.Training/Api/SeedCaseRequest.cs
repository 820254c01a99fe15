namespace FedBus.Training.Api;

/// <summary>
/// One labelled case of a site's existing set: the task ("segmentation", "classification" or "detection"), the DICOM instance (Part 10, base64), the frame (1-based), the label in
/// one of the label media types (base64) and the model's class count (segmentation: with background).
/// </summary>
public sealed record SeedCaseRequest(string? Task, string? Dicom, int Frame, string? Label, string? LabelMediaType, int ClassCount);
