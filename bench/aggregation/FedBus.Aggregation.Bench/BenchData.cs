using System.Text.Json;
using FedBus.Learning.Weights;

namespace FedBus.Aggregation.Bench;

/// <summary>
/// The bench's model and updates as safetensors files: P parameters in 3×3 convolutions of 256→256 channels with a
/// BatchNorm each (four float vectors and the int64 counter) plus one dense tensor for the rest; the global model and
/// K site updates (global + small per-site noise, so no site is a norm outlier and Krum has a unique choice).
/// </summary>
internal static class BenchData
{
    private const int ConvSize = 256 * 256 * 3 * 3;
    private const int NormSize = 4 * 256;

    public static string GlobalPath(string dir) => Path.Combine(dir, "global.safetensors");

    public static string SitePath(string dir, int site) => Path.Combine(dir, $"site-{site:00}.safetensors");

    public static long[] Samples(int sites) => [.. Enumerable.Range(0, sites).Select(i => 100L + 37 * i)];

    public static void Generate(string dir, int sites, int parameters)
    {
        int convs = Math.Max(0, (parameters - 1) / (ConvSize + NormSize));
        int rest = parameters - convs * (ConvSize + NormSize);
        var global = Model(convs, rest, seed: 1, baseline: null, noise: 0.05f);
        Write(GlobalPath(dir), global);
        for (int k = 0; k < sites; k++)
            Write(SitePath(dir, k), Model(convs, rest, seed: 100 + k, baseline: global, noise: 0.001f * (1 + 0.05f * k)));
        File.WriteAllText(Path.Combine(dir, "samples.json"), JsonSerializer.Serialize(Samples(sites)));
    }

    private static void Write(string path, WeightSet weights) =>
        SafeTensors.WriteFile(path, weights, new WeightMetadata("bench-model", "1", "round-1", Path.GetFileNameWithoutExtension(path)));

    private static WeightSet Model(int convs, int rest, int seed, WeightSet? baseline, float noise)
    {
        uint state = (uint)seed * 2654435761u + 12345;
        float[] Values(string name, int count, float fill = float.NaN)
        {
            var v = new float[count];
            var b = baseline?[name].Values;
            for (int i = 0; i < count; i++)
            {
                state ^= state << 13;
                state ^= state >> 17;
                state ^= state << 5;
                float r = ((state >> 8) / (float)(1 << 24) - 0.5f) * 2 * noise;
                v[i] = (b is null ? (float.IsNaN(fill) ? 0 : fill) : b[i]) + r;
            }
            return v;
        }
        var entries = new List<KeyValuePair<string, WeightTensor>>();
        for (int c = 0; c < convs; c++)
        {
            string p = $"blocks.{c:00}";
            entries.Add(new($"{p}.conv.weight", WeightTensor.Float32([256, 256, 3, 3], Values($"{p}.conv.weight", ConvSize))));
            entries.Add(new($"{p}.norm.weight", WeightTensor.Float32([256], Values($"{p}.norm.weight", 256, 1))));
            entries.Add(new($"{p}.norm.bias", WeightTensor.Float32([256], Values($"{p}.norm.bias", 256))));
            entries.Add(new($"{p}.norm.running_mean", WeightTensor.Float32([256], Values($"{p}.norm.running_mean", 256))));
            entries.Add(new($"{p}.norm.running_var", WeightTensor.Float32([256], Values($"{p}.norm.running_var", 256, 1))));
            entries.Add(new($"{p}.norm.num_batches_tracked", WeightTensor.Int64([], [1000 + seed])));
        }
        entries.Add(new("head.weight", WeightTensor.Float32([1, rest], Values("head.weight", rest))));
        return new WeightSet(entries);
    }
}
