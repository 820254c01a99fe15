using FedBus.BrainMri.Nifti;

namespace FedBus.DatasetBuilder.Slicing;

/// <summary>Resamples volumes onto the 128×128 slice grid of <see cref="ViewGeometry"/>.</summary>
public sealed class SliceSampler(ViewGeometry geometry)
{
    private int N => geometry.Size;

    /// <summary>Trilinear sample at each pixel centre: how the 1 mm scan is resliced.</summary>
    public float[] Trilinear(NiftiVolume volume, string view, double positionMm)
    {
        var plane = new float[N * N];
        for (int r = 0; r < N; r++)
            for (int c = 0; c < N; c++)
            {
                var (x, y, z) = geometry.World(view, positionMm, r, c);
                plane[r * N + c] = volume.SampleTrilinear(x, y, z);
            }
        return plane;
    }

    /// <summary>Label map: nearest voxel at each pixel centre.</summary>
    public byte[] NearestLabels(NiftiVolume volume, string view, double positionMm)
    {
        var plane = new byte[N * N];
        for (int r = 0; r < N; r++)
            for (int c = 0; c < N; c++)
            {
                var (x, y, z) = geometry.World(view, positionMm, r, c);
                float v = volume.SampleNearest(x, y, z);
                if (v < 0 || v > 255 || v != MathF.Round(v))
                    throw new InvalidDataException($"label value {v} at ({x},{y},{z}) is not an integer in 0..255.");
                plane[r * N + c] = (byte)v;
            }
        return plane;
    }

    /// <summary>Binary mask: trilinear interpolation of (volume &gt; 0), thresholded at one half.</summary>
    public byte[] Mask(NiftiVolume binaryVolume, string view, double positionMm)
    {
        var plane = new byte[N * N];
        for (int r = 0; r < N; r++)
            for (int c = 0; c < N; c++)
            {
                var (x, y, z) = geometry.World(view, positionMm, r, c);
                plane[r * N + c] = binaryVolume.SampleTrilinear(x, y, z) >= 0.5f ? (byte)1 : (byte)0;
            }
        return plane;
    }

    /// <summary>
    /// Footprint average: mean of <paramref name="sub"/>×<paramref name="sub"/> in-plane samples per pixel
    /// over a slab <paramref name="thicknessMm"/> thick — how a scanner with a thicker, smoother slice
    /// profile would see the fine (0.5 mm) volume. Returns the mean value over samples where the
    /// volume is non-zero and the fraction of such samples (its support).
    /// </summary>
    public (float[] Mean, float[] Support) Footprint(NiftiVolume volume, string view, double positionMm, int sub, double thicknessMm, int slabSamples)
    {
        var mean = new float[N * N];
        var support = new float[N * N];
        var (nx, ny, nz) = ViewGeometry.Normal(view);
        int total = sub * sub * slabSamples;
        for (int r = 0; r < N; r++)
            for (int c = 0; c < N; c++)
            {
                double sum = 0;
                int inside = 0;
                for (int s = 0; s < slabSamples; s++)
                {
                    double t = slabSamples == 1 ? 0 : ((s + 0.5) / slabSamples - 0.5) * thicknessMm;
                    for (int a = 0; a < sub; a++)
                        for (int b = 0; b < sub; b++)
                        {
                            var (x, y, z) = geometry.World(view, positionMm, r, c, (b + 0.5) / sub - 0.5, (a + 0.5) / sub - 0.5);
                            float v = volume.SampleTrilinear(x + t * nx, y + t * ny, z + t * nz);
                            if (v > 0)
                            {
                                sum += v;
                                inside++;
                            }
                        }
                }
                mean[r * N + c] = inside == 0 ? 0 : (float)(sum / inside);
                support[r * N + c] = (float)inside / total;
            }
        return (mean, support);
    }
}
