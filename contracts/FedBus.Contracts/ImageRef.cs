namespace FedBus.Contracts;

/// <summary>
/// One frame of one stored DICOM instance at a site: where its bytes are (the site's blob store, or WADO-RS by UID)
/// and its size. Site-internal: it names the study.
/// </summary>
public sealed record ImageRef(
    string StudyInstanceUid,
    string SeriesInstanceUid,
    string SopInstanceUid,
    int Frame,
    string InstanceBlobSha256,
    int Rows,
    int Columns,
    int? InstanceNumber);
