namespace FedBus.BrainMri.Nifti;

/// <summary>A 3×4 voxel-to-world (RAS mm) transform, as NIfTI's sform/qform give it.</summary>
public sealed class Affine
{
    private readonly double[,] _m;
    private readonly double[,] _inv;

    public Affine(double[,] rows3x4)
    {
        if (rows3x4.GetLength(0) != 3 || rows3x4.GetLength(1) != 4)
            throw new ArgumentException("An affine needs 3 rows of 4 values.", nameof(rows3x4));
        _m = (double[,])rows3x4.Clone();
        _inv = Invert(_m);
    }

    public (double X, double Y, double Z) ToWorld(double i, double j, double k) => (
        _m[0, 0] * i + _m[0, 1] * j + _m[0, 2] * k + _m[0, 3],
        _m[1, 0] * i + _m[1, 1] * j + _m[1, 2] * k + _m[1, 3],
        _m[2, 0] * i + _m[2, 1] * j + _m[2, 2] * k + _m[2, 3]);

    public (double I, double J, double K) ToVoxel(double x, double y, double z) => (
        _inv[0, 0] * x + _inv[0, 1] * y + _inv[0, 2] * z + _inv[0, 3],
        _inv[1, 0] * x + _inv[1, 1] * y + _inv[1, 2] * z + _inv[1, 3],
        _inv[2, 0] * x + _inv[2, 1] * y + _inv[2, 2] * z + _inv[2, 3]);

    public double this[int row, int col] => _m[row, col];

    public override string ToString() =>
        string.Join(" | ", Enumerable.Range(0, 3).Select(r =>
            string.Join(' ', Enumerable.Range(0, 4).Select(c => _m[r, c].ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)))));

    private static double[,] Invert(double[,] m)
    {
        double a = m[0, 0], b = m[0, 1], c = m[0, 2];
        double d = m[1, 0], e = m[1, 1], f = m[1, 2];
        double g = m[2, 0], h = m[2, 1], k = m[2, 2];
        double det = a * (e * k - f * h) - b * (d * k - f * g) + c * (d * h - e * g);
        if (Math.Abs(det) < 1e-12)
            throw new InvalidDataException("The NIfTI voxel-to-world matrix is singular (zero voxel size?).");
        var r = new double[3, 4];
        r[0, 0] = (e * k - f * h) / det; r[0, 1] = (c * h - b * k) / det; r[0, 2] = (b * f - c * e) / det;
        r[1, 0] = (f * g - d * k) / det; r[1, 1] = (a * k - c * g) / det; r[1, 2] = (c * d - a * f) / det;
        r[2, 0] = (d * h - e * g) / det; r[2, 1] = (b * g - a * h) / det; r[2, 2] = (a * e - b * d) / det;
        for (int i = 0; i < 3; i++)
            r[i, 3] = -(r[i, 0] * m[0, 3] + r[i, 1] * m[1, 3] + r[i, 2] * m[2, 3]);
        return r;
    }
}
