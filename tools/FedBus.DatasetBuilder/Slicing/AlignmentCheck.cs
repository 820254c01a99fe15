using FedBus.BrainMri.Nifti;

namespace FedBus.DatasetBuilder.Slicing;

/// <summary>
/// Proves the 0.5 mm grid (ch2better) lands on the 1 mm grid (ch2/ch2bet) through the header
/// transforms: the intensity correlation of ch2better with ch2 inside the brain must peak within
/// half a fine voxel of zero shift (shifts of 0.5 mm steps up to ±2 mm per axis are tried), and the
/// brain masks must overlap (Dice). Also fits ch2 ≈ Gain·ch2better + Offset inside the brain, used
/// to composite the fine brain into the 1 mm head.
/// </summary>
public static class AlignmentCheck
{
    public sealed record Result(double DiceAtZero, double CorrelationAtZero, double BestCorrelation, (double X, double Y, double Z) BestShiftMm,
        double Gain, double Offset, int VoxelsCompared, IReadOnlyList<string> Table);

    public static readonly double[] Shifts = [-2, -1.5, -1, -0.5, 0.5, 1, 1.5, 2];

    public static Result Run(NiftiVolume coarseMask, NiftiVolume fine, NiftiVolume coarseImage)
    {
        var table = new List<string>();
        var (dice0, corr0, _) = Measure(coarseMask, fine, coarseImage, 0, 0, 0);
        table.Add(Row((0, 0, 0), dice0, corr0));
        double best = corr0;
        (double, double, double) bestShift = (0, 0, 0);
        for (int axis = 0; axis < 3; axis++)
            foreach (var s in Shifts)
            {
                var shift = (axis == 0 ? s : 0, axis == 1 ? s : 0, axis == 2 ? s : 0);
                var (d, c, _) = Measure(coarseMask, fine, coarseImage, shift.Item1, shift.Item2, shift.Item3);
                table.Add(Row(shift, d, c));
                if (c > best)
                {
                    best = c;
                    bestShift = shift;
                }
            }

        // Least squares ch2 = g·fine + o over voxels that are brain in both, at zero shift.
        double sf = 0, sc = 0, sff = 0, sfc = 0;
        int n = 0;
        ForBrainVoxels(coarseMask, fine, coarseImage, 0, 0, 0, 1, (f, c) => { sf += f; sc += c; sff += f * f; sfc += f * c; n++; });
        double gain = (sfc - sf * sc / n) / (sff - sf * sf / n);
        double offset = (sc - gain * sf) / n;
        return new Result(dice0, corr0, best, bestShift, gain, offset, n, table);
    }

    private static string Row((double X, double Y, double Z) s, double dice, double corr) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"shift ({s.X,4:0.0},{s.Y,4:0.0},{s.Z,4:0.0}) mm: mask Dice {dice:0.0000}, brain intensity r {corr:0.0000}");

    private static (double Dice, double Correlation, int N) Measure(NiftiVolume coarseMask, NiftiVolume fine, NiftiVolume coarseImage, double sx, double sy, double sz)
    {
        long both = 0, a = 0, b = 0;
        for (int k = 0; k < coarseMask.Nz; k += 2)
            for (int j = 0; j < coarseMask.Ny; j += 2)
                for (int i = 0; i < coarseMask.Nx; i += 2)
                {
                    bool inA = coarseMask[i, j, k] > 0;
                    var (x, y, z) = coarseMask.VoxelToWorld.ToWorld(i, j, k);
                    bool inB = fine.SampleTrilinear(x + sx, y + sy, z + sz) > 0;
                    if (inA) a++;
                    if (inB) b++;
                    if (inA && inB) both++;
                }
        double sf = 0, sc = 0, sff = 0, scc = 0, sfc = 0;
        int n = 0;
        ForBrainVoxels(coarseMask, fine, coarseImage, sx, sy, sz, 2, (f, c) => { sf += f; sc += c; sff += f * f; scc += c * c; sfc += f * c; n++; });
        double corr = (sfc - sf * sc / n) / Math.Sqrt((sff - sf * sf / n) * (scc - sc * sc / n));
        return (2.0 * both / Math.Max(1, a + b), corr, n);
    }

    private static void ForBrainVoxels(NiftiVolume coarseMask, NiftiVolume fine, NiftiVolume coarseImage, double sx, double sy, double sz, int step, Action<double, double> add)
    {
        for (int k = 0; k < coarseMask.Nz; k += step)
            for (int j = 0; j < coarseMask.Ny; j += step)
                for (int i = 0; i < coarseMask.Nx; i += step)
                {
                    if (coarseMask[i, j, k] <= 0)
                        continue;
                    var (x, y, z) = coarseMask.VoxelToWorld.ToWorld(i, j, k);
                    double f = fine.SampleTrilinear(x + sx, y + sy, z + sz);
                    if (f <= 0)
                        continue;
                    add(f, coarseImage[i, j, k]);
                }
    }
}
