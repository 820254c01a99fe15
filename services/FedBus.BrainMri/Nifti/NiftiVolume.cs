namespace FedBus.BrainMri.Nifti;

/// <summary>
/// A 3D scalar NIfTI-1 image: voxel values already scaled by scl_slope/scl_inter, stored
/// x-fastest (i + nx·(j + ny·k)) as in the file, plus the voxel-to-world transform.
/// </summary>
public sealed class NiftiVolume(int nx, int ny, int nz, float[] values, Affine voxelToWorld,
    string transformSource, NiftiDatatype datatype, (double X, double Y, double Z) voxelSize)
{
    public int Nx { get; } = nx;
    public int Ny { get; } = ny;
    public int Nz { get; } = nz;
    public float[] Values { get; } = values;
    public Affine VoxelToWorld { get; } = voxelToWorld;

    /// <summary>"sform", "qform" or "pixdim" (NIfTI method 1): which header fields placed the grid.</summary>
    public string TransformSource { get; } = transformSource;

    public NiftiDatatype Datatype { get; } = datatype;
    public (double X, double Y, double Z) VoxelSize { get; } = voxelSize;

    public float this[int i, int j, int k] => Values[i + Nx * (j + Ny * k)];

    /// <summary>Trilinear interpolation at a world point (mm); 0 outside the grid.</summary>
    public float SampleTrilinear(double x, double y, double z)
    {
        var (fi, fj, fk) = VoxelToWorld.ToVoxel(x, y, z);
        return SampleVoxelTrilinear(fi, fj, fk);
    }

    public float SampleVoxelTrilinear(double fi, double fj, double fk)
    {
        int i0 = (int)Math.Floor(fi), j0 = (int)Math.Floor(fj), k0 = (int)Math.Floor(fk);
        double di = fi - i0, dj = fj - j0, dk = fk - k0;
        double acc = 0;
        for (int c = 0; c < 8; c++)
        {
            int i = i0 + (c & 1), j = j0 + ((c >> 1) & 1), k = k0 + ((c >> 2) & 1);
            if ((uint)i >= (uint)Nx || (uint)j >= (uint)Ny || (uint)k >= (uint)Nz)
                continue;
            double w = ((c & 1) != 0 ? di : 1 - di) * (((c >> 1) & 1) != 0 ? dj : 1 - dj) * (((c >> 2) & 1) != 0 ? dk : 1 - dk);
            acc += w * Values[i + Nx * (j + Ny * k)];
        }
        return (float)acc;
    }

    /// <summary>Nearest voxel at a world point (label maps); 0 outside the grid.</summary>
    public float SampleNearest(double x, double y, double z)
    {
        var (fi, fj, fk) = VoxelToWorld.ToVoxel(x, y, z);
        int i = (int)Math.Round(fi, MidpointRounding.AwayFromZero);
        int j = (int)Math.Round(fj, MidpointRounding.AwayFromZero);
        int k = (int)Math.Round(fk, MidpointRounding.AwayFromZero);
        if ((uint)i >= (uint)Nx || (uint)j >= (uint)Ny || (uint)k >= (uint)Nz)
            return 0;
        return Values[i + Nx * (j + Ny * k)];
    }
}
