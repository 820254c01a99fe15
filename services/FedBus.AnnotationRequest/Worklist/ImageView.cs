namespace FedBus.AnnotationRequest.Worklist;

/// <summary>
/// The image to label and where to get it from ingestion's DICOMweb: <see cref="RenderedUrl"/> (WADO-RS rendered frame,
/// e.g. PNG), <see cref="PixelDataUrl"/> (WADO-RS frame pixel data), the instance's metadata and the series (to scroll
/// through neighbouring slices). <see cref="Frame"/> is 1-based as in WADO-RS.
/// </summary>
public sealed record ImageView(
    string StudyInstanceUid, string SeriesInstanceUid, string SopInstanceUid, int Frame, int Rows, int Columns, int? InstanceNumber,
    string RenderedUrl, string PixelDataUrl, string MetadataUrl, string SeriesUrl);
