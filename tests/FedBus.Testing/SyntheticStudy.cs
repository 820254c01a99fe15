namespace FedBus.Testing;

/// <summary>What a synthetic study looks like: who, how many series and instances, how big.</summary>
public sealed record SyntheticStudy(
    string PatientId = "FB-0001",
    string PatientName = "Doe^Jane",
    string StudyDate = "20261127",
    string AccessionNumber = "ACC-1",
    string Modality = "CT",
    int Series = 1,
    int InstancesPerSeries = 3,
    int Rows = 64,
    int Columns = 64,
    int Seed = 1)
{
    public string StudyInstanceUid { get; init; } = SyntheticDicom.NewUid();
}
