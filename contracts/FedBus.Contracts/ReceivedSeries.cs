namespace FedBus.Contracts;

public sealed record ReceivedSeries(
    string SeriesInstanceUid,
    string Modality,
    string? BodyPartExamined,
    string? SeriesDescription,
    IReadOnlyList<ReceivedInstance> Instances);
