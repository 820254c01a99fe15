using FedBus.Learning.Cases;
using TorchSharp;
using static TorchSharp.torch;

namespace FedBus.Learning.Training;

/// <summary>Applies <see cref="AugmentationOptions"/> to a batch; every random draw comes from the caller's <see cref="Random"/>.</summary>
internal static class Augmenter
{
    public static CaseBatch Apply(CaseBatch batch, AugmentationOptions options, Random rng)
    {
        int n = batch.Count, h = batch.Height, w = batch.Width;
        var theta = new float[n * 6];
        var gammas = new float[n];
        var inverse = new double[n][];
        for (int i = 0; i < n; i++)
        {
            double fx = rng.NextDouble() < options.HorizontalFlipProbability ? -1 : 1;
            double fy = rng.NextDouble() < options.VerticalFlipProbability ? -1 : 1;
            double phi = (rng.NextDouble() * 2 - 1) * options.MaxRotationDegrees * Math.PI / 180;
            double s = 1 + (rng.NextDouble() * 2 - 1) * options.MaxScale;
            double logG = Math.Log(options.MaxGamma);
            gammas[i] = (float)Math.Exp((rng.NextDouble() * 2 - 1) * logG);
            // Pixel-space map output→input about the centre: M = R(φ)·diag(fx, fy) / s.
            double c = Math.Cos(phi), sn = Math.Sin(phi);
            double m00 = c * fx / s, m01 = -sn * fy / s, m10 = sn * fx / s, m11 = c * fy / s;
            // affine_grid works in normalised coordinates: θ = D⁻¹ M D with D = diag(W/2, H/2).
            theta[i * 6 + 0] = (float)m00;
            theta[i * 6 + 1] = (float)(m01 * h / w);
            theta[i * 6 + 3] = (float)(m10 * w / h);
            theta[i * 6 + 4] = (float)m11;
            double det = m00 * m11 - m01 * m10;
            inverse[i] = [m11 / det, -m01 / det, -m10 / det, m00 / det];
        }
        long noiseSeed = rng.NextInt64();

        using var scope = NewDisposeScope();
        var th = tensor(theta, [n, 2, 3]);
        var grid = nn.functional.affine_grid(th, [n, 1, h, w], align_corners: false);
        var images = nn.functional.grid_sample(batch.Images, grid, GridSampleMode.Bilinear, GridSamplePaddingMode.Border, align_corners: false);

        var lo = images.amin([1, 2, 3], keepdim: true);
        var range = images.amax([1, 2, 3], keepdim: true).sub(lo).clamp_min(1e-6);
        var unit = images.sub(lo).div(range).clamp(0, 1);
        images = unit.pow(tensor(gammas, [n, 1, 1, 1])).mul(range).add(lo);
        if (options.NoiseStd > 0)
        {
            using var g = new Generator((ulong)noiseSeed, CPU);
            images = images.add(randn(images.shape, generator: g).mul(range).mul(options.NoiseStd));
        }

        Tensor? masks = null;
        if (batch.Masks is not null)
        {
            var sampled = nn.functional.grid_sample(batch.Masks.unsqueeze(1).to_type(ScalarType.Float32), grid,
                GridSampleMode.Nearest, GridSamplePaddingMode.Zeros, align_corners: false);
            masks = sampled.squeeze(1).round().to_type(ScalarType.Int64).MoveToOuterDisposeScope();
        }
        IReadOnlyList<BoundingBox>[]? boxes = null;
        if (batch.Boxes is not null)
        {
            boxes = new IReadOnlyList<BoundingBox>[n];
            for (int i = 0; i < n; i++) boxes[i] = TransformBoxes(batch.Boxes[i], inverse[i], h, w);
        }
        return new CaseBatch(images.MoveToOuterDisposeScope(), masks, batch.ClassIds?.clone().MoveToOuterDisposeScope(), boxes);
    }

    /// <summary>Maps box corners through M⁻¹ (input→output pixel space), re-boxes and clips them.</summary>
    internal static List<BoundingBox> TransformBoxes(IReadOnlyList<BoundingBox> boxes, double[] inv, int h, int w)
    {
        var result = new List<BoundingBox>(boxes.Count);
        double cx = w / 2.0, cy = h / 2.0;
        foreach (var b in boxes)
        {
            double x0 = double.MaxValue, y0 = double.MaxValue, x1 = double.MinValue, y1 = double.MinValue;
            foreach (var (px, py) in new[] { (b.X0, b.Y0), (b.X1, b.Y0), (b.X0, b.Y1), (b.X1, b.Y1) })
            {
                double dx = px - cx, dy = py - cy;
                double ox = inv[0] * dx + inv[1] * dy + cx, oy = inv[2] * dx + inv[3] * dy + cy;
                x0 = Math.Min(x0, ox); x1 = Math.Max(x1, ox); y0 = Math.Min(y0, oy); y1 = Math.Max(y1, oy);
            }
            double area = (x1 - x0) * (y1 - y0);
            double cx0 = Math.Max(0, x0), cy0 = Math.Max(0, y0), cx1 = Math.Min(w, x1), cy1 = Math.Min(h, y1);
            if (cx1 - cx0 < 1 || cy1 - cy0 < 1 || (cx1 - cx0) * (cy1 - cy0) < 0.25 * area) continue;
            result.Add(new BoundingBox((float)cx0, (float)cy0, (float)cx1, (float)cy1, b.ClassId));
        }
        return result;
    }
}
