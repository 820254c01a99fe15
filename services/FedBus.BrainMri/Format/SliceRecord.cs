namespace FedBus.BrainMri.Format;

/// <summary>
/// One slice position: View ("axial", "coronal", "sagittal"), Index = voxel plane of the 1 mm ch2 grid
/// along the view's normal, PositionMm = its world coordinate. Test marks the held-out positions.
/// </summary>
public sealed record SliceRecord(
    string View,
    int Index,
    double PositionMm,
    bool Test,
    int ClassLabel,
    int BrainPixels,
    IReadOnlyList<BoxRecord> Boxes);
