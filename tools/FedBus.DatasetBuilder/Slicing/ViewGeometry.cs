namespace FedBus.DatasetBuilder.Slicing;

/// <summary>
/// Where each 128×128 pixel of a slice sits in world (RAS mm) space. One square field of view for
/// every view keeps pixels isotropic, so anatomy keeps its shape (rotation augmentation stays honest).
/// Orientation is neurological: image left = subject left; top = anterior (axial) or superior.
/// </summary>
public sealed record ViewGeometry(int Size, double FieldOfViewMm, double CenterX, double CenterY, double CenterZ)
{
    public double PixelMm => FieldOfViewMm / Size;

    /// <summary>World point of pixel (row, col) centre on the slice at <paramref name="positionMm"/>,
    /// optionally offset by sub-pixel fractions (du, dv in pixels) for footprint averaging.</summary>
    public (double X, double Y, double Z) World(string view, double positionMm, int row, int col, double du = 0, double dv = 0)
    {
        double u = (col + 0.5 + du - Size / 2.0) * PixelMm; // along image columns
        double v = (row + 0.5 + dv - Size / 2.0) * PixelMm; // down image rows
        return view switch
        {
            "axial" => (CenterX + u, CenterY - v, positionMm),
            "coronal" => (CenterX + u, positionMm, CenterZ - v),
            "sagittal" => (positionMm, CenterY - u, CenterZ - v),
            _ => throw new ArgumentOutOfRangeException(nameof(view), view, "view must be axial, coronal or sagittal"),
        };
    }

    /// <summary>Unit vector normal to the slice plane (through-plane direction) for footprint averaging.</summary>
    public static (double X, double Y, double Z) Normal(string view) => view switch
    {
        "axial" => (0, 0, 1),
        "coronal" => (0, 1, 0),
        "sagittal" => (1, 0, 0),
        _ => throw new ArgumentOutOfRangeException(nameof(view), view, "view must be axial, coronal or sagittal"),
    };
}
