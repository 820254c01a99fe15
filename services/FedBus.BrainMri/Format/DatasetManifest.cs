namespace FedBus.BrainMri.Format;

/// <summary>
/// manifest.json of data/brain-mri: geometry, label names, one record per slice position and the
/// plane files. Plane n of every file belongs to <see cref="Slices"/>[n].
/// </summary>
public sealed record DatasetManifest(
    string Format,
    GeometryRecord Geometry,
    IReadOnlyList<string> Sources,
    IReadOnlyList<string> ClassNames,
    IReadOnlyList<string> DetectionClassNames,
    IReadOnlyList<AtlasLabelRecord> AtlasLabels,
    IReadOnlyList<PlaneFileRecord> Files,
    IReadOnlyList<SliceRecord> Slices,
    ProvenanceRecord Provenance)
{
    public const string CurrentFormat = "fedbus-brain-mri/1";
}
