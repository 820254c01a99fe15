namespace FedBus.BrainMri;

/// <summary>
/// One 128×128 slice with all its labels. Arrays are row-major, <see cref="BrainMriDataset.Size"/>² long,
/// and shared between callers: treat them as read-only (shifted copies get new arrays).
/// </summary>
/// <param name="CaseId">Stable id, e.g. "ch2/axial/087" (source/view/plane index).</param>
/// <param name="PositionKey">View and plane without the source, e.g. "axial/087": the unit of the train/test split.</param>
/// <param name="SliceIndex">Voxel plane of the 1 mm ch2 grid along the view's normal.</param>
/// <param name="PositionMm">World (MNI) coordinate of that plane in mm.</param>
/// <param name="Image">Intensities 0..1 (1×128×128 as a flat array).</param>
/// <param name="BrainMask">1 = brain (ch2bet &gt; 0), 0 = not.</param>
/// <param name="Atlas">AAL region value per pixel (0 = none); names in <see cref="BrainMriDataset.AtlasLabels"/>.</param>
/// <param name="ClassLabel">Slice class; names in <see cref="BrainMriDataset.ClassNames"/>.</param>
/// <param name="Boxes">Detection boxes (empty when the slice shows none of the structures).</param>
/// <param name="Shift">Name of the scanner profile applied to <paramref name="Image"/> ("clean" if none).</param>
public sealed record BrainSlice(
    string CaseId,
    string PositionKey,
    SliceSource Source,
    SliceView View,
    int SliceIndex,
    double PositionMm,
    bool IsTest,
    float[] Image,
    byte[] BrainMask,
    byte[] Atlas,
    int ClassLabel,
    IReadOnlyList<BoundingBox> Boxes,
    string Shift);
