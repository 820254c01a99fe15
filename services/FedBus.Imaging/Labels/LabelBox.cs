namespace FedBus.Imaging.Labels;

/// <summary>
/// A box in pixel edges of the image: x along columns, y along rows; pixel (r, c) covers [c, c+1)×[r, r+1).
/// <see cref="Score"/> is set on predictions only.
/// </summary>
public readonly record struct LabelBox(double X0, double Y0, double X1, double Y1, int ClassId, double? Score = null)
{
    public double Width => X1 - X0;
    public double Height => Y1 - Y0;
    public double Area => Math.Max(0, Width) * Math.Max(0, Height);

    public double IoU(LabelBox other)
    {
        var ix = Math.Min(X1, other.X1) - Math.Max(X0, other.X0);
        var iy = Math.Min(Y1, other.Y1) - Math.Max(Y0, other.Y0);
        if (ix <= 0 || iy <= 0) return 0;
        var inter = ix * iy;
        return inter / (Area + other.Area - inter);
    }
}
