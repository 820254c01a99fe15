namespace FedBus.Learning.Cases;

/// <summary>
/// An axis-aligned box in pixel coordinates of the image: x along columns, y along rows, pixel (r, c)
/// covering [c, c+1)×[r, r+1). A box around columns 3..7 and rows 2..5 is (3, 2, 8, 6).
/// </summary>
public readonly record struct BoundingBox(float X0, float Y0, float X1, float Y1, int ClassId)
{
    public float Width => X1 - X0;
    public float Height => Y1 - Y0;
    public float Area => Math.Max(0, Width) * Math.Max(0, Height);

    /// <summary>Intersection over union; 0 when either box is empty.</summary>
    public double IoU(BoundingBox other)
    {
        double ix = Math.Min(X1, other.X1) - Math.Max(X0, other.X0);
        double iy = Math.Min(Y1, other.Y1) - Math.Max(Y0, other.Y0);
        if (ix <= 0 || iy <= 0) return 0;
        double inter = ix * iy;
        return inter / (Area + other.Area - inter);
    }
}
