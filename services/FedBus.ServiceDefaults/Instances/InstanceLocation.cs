namespace FedBus.ServiceDefaults.Instances;

/// <summary>Where a stored DICOM instance of this site is: its UIDs (for WADO-RS) and, when known, its blob digest.</summary>
public sealed record InstanceLocation(string StudyInstanceUid, string SeriesInstanceUid, string SopInstanceUid, string? BlobSha256);
