namespace FedBus.Ingestion.Index;

/// <summary>The patient and study attributes every instance of a study repeats; kept once per study for QIDO-RS.</summary>
public sealed record StudyAttributes(
    string? PatientId,
    string? PatientName,
    string? PatientBirthDate,
    string? PatientSex,
    string? StudyDate,
    string? StudyTime,
    string? AccessionNumber,
    string? StudyId,
    string? StudyDescription,
    string? ReferringPhysicianName);
