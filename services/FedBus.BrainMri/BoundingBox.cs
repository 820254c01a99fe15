namespace FedBus.BrainMri;

/// <summary>
/// An axis-aligned box in pixel coordinates: X = column, Y = row; X0/Y0 inclusive, X1/Y1 exclusive,
/// so Width = X1 − X0. <see cref="ClassId"/> indexes <see cref="BrainMriDataset.DetectionClassNames"/>.
/// </summary>
public readonly record struct BoundingBox(int X0, int Y0, int X1, int Y1, int ClassId)
{
    public int Width => X1 - X0;

    public int Height => Y1 - Y0;

    public int Area => Width * Height;

    public bool Contains(int x, int y) => x >= X0 && x < X1 && y >= Y0 && y < Y1;
}
