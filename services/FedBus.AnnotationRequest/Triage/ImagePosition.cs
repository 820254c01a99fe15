namespace FedBus.AnnotationRequest.Triage;

/// <summary>Where an image sits in its series, for recognising near-duplicates (adjacent slices or frames).</summary>
public sealed record ImagePosition(string SeriesInstanceUid, string SopInstanceUid, int Frame, int? InstanceNumber);
