namespace FedBus.AppHost.Demo;

/// <summary>One study of one synthetic patient: one MR series of neighbouring slices.</summary>
internal sealed record DemoStudy(string StudyInstanceUid, string SeriesInstanceUid, string PatientId, string AccessionNumber, IReadOnlyList<DemoImage> Images);
