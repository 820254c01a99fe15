using System.Numerics.Tensors;
using FedBus.Aggregation.Strategies;
using FedBus.Learning.Weights;

namespace FedBus.Aggregation.Bench;

/// <summary>
/// Our side of the bench, each operation as the service would run it at round close: parse the received bytes into
/// views (no copy), plan from the stored inspections, aggregate. Each returns the sum of the output's float values.
/// </summary>
internal static class Operations
{
    public static readonly string[] Names = ["loop", "fedavg", "fedavg-reuse", "fedavg-digest", "fedavg-stream", "median", "krum", "arrival", "first-touch"];

    public const int KrumByzantine = 2;

    /// <summary>Runs one operation; the times exclude the checksum taken afterwards.</summary>
    public static (Sample Time, double Checksum) Measure(string name, Inputs inputs)
    {
        var cpu = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
        var watch = System.Diagnostics.Stopwatch.StartNew();
        object result = name switch
        {
            "loop" => MemoryBoundLoop(inputs),
            "fedavg" => Aggregate(inputs, new AggregationSettings(), verifyDigest: false),
            "fedavg-reuse" => inputs.LastOutput = Aggregate(inputs, new AggregationSettings(), verifyDigest: false, inputs.LastOutput?.Weights),
            "fedavg-digest" => Aggregate(inputs, new AggregationSettings(), verifyDigest: true),
            "fedavg-stream" => Streamed(inputs),
            "median" => Aggregate(inputs, new AggregationSettings { Strategy = StrategyKind.FedMedian }, verifyDigest: false),
            "krum" => Aggregate(inputs, new AggregationSettings { Strategy = StrategyKind.Krum, ByzantineSites = KrumByzantine }, verifyDigest: false),
            "arrival" => Arrival(inputs),
            "first-touch" => FirstTouch(inputs),
            _ => throw new ArgumentException($"Unknown operation '{name}'."),
        };
        var time = new Sample(watch.Elapsed.TotalSeconds, (System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds);
        return (time, result is AggregationResult r ? Checksum(r) : (double)result);
    }

    /// <summary>The reference: one pass over the K × P floats of the received bytes (a SIMD sum), nothing written.</summary>
    private static double MemoryBoundLoop(Inputs inputs)
    {
        double total = 0;
        foreach (var bytes in inputs.SiteBytes)
        {
            var view = WeightsView.FromSafeTensors(bytes, verifyDigest: false);
            for (int t = 0; t < view.Layout.Count; t++)
                if (view.Layout[t].DType == WeightDType.F32) total += TensorPrimitives.Sum(view.Floats(t));
        }
        return total;
    }

    private static AggregationResult Aggregate(Inputs inputs, AggregationSettings settings, bool verifyDigest, AggregatedWeights? output = null)
    {
        var plan = RoundPlanner.Plan(settings, inputs.Global.Layout, inputs.Submissions());
        var views = new Dictionary<string, WeightsView>(StringComparer.Ordinal);
        for (int k = 0; k < inputs.Sites; k++) views[$"site-{k:00}"] = WeightsView.FromSafeTensors(inputs.SiteBytes[k], verifyDigest);
        return Aggregator.Aggregate(plan, inputs.Global, views, output: output);
    }

    /// <summary>FedAvg update by update from the stored files through one read buffer (kept across runs): memory independent of K.</summary>
    private static AggregationResult Streamed(Inputs inputs)
    {
        var plan = RoundPlanner.Plan(new AggregationSettings(), inputs.Global.Layout, inputs.Submissions());
        var accumulator = Aggregator.StartMean(plan, inputs.Global);
        byte[] buffer = inputs.ReadBuffer;
        for (int k = 0; k < inputs.Sites; k++)
        {
            using var file = File.OpenHandle(BenchData.SitePath(inputs.Directory, k));
            int length = checked((int)RandomAccess.GetLength(file));
            if (buffer.Length < length) inputs.ReadBuffer = buffer = GC.AllocateUninitializedArray<byte>(length);
            int read = 0;
            while (read < length) read += RandomAccess.Read(file, buffer.AsSpan(read, length - read), read);
            accumulator.Add($"site-{k:00}", WeightsView.FromSafeTensors(buffer.AsMemory(0, length), verifyDigest: false));
        }
        return accumulator.Complete();
    }

    /// <summary>What each update costs when it arrives: parse, check its digest, inspect it against the global model.</summary>
    private static double Arrival(Inputs inputs)
    {
        double total = 0;
        foreach (var bytes in inputs.SiteBytes)
            total += UpdateInspector.Inspect(inputs.Global, WeightsView.FromSafeTensors(bytes, verifyDigest: true)).DeltaNorm;
        return total;
    }

    /// <summary>
    /// What a model-sized output costs before anything is computed: writing 4·P bytes of memory fresh from the
    /// operating system (malloc of this size maps new pages; freed, they go back).
    /// </summary>
    private static unsafe double FirstTouch(Inputs inputs)
    {
        nuint count = (nuint)inputs.Global.Layout.FloatCount;
        var p = (float*)System.Runtime.InteropServices.NativeMemory.Alloc(count, sizeof(float));
        try
        {
            new Span<float>(p, (int)count).Fill(1f);
            return p[count - 1];
        }
        finally
        {
            System.Runtime.InteropServices.NativeMemory.Free(p);
        }
    }

    private static double Checksum(AggregationResult result)
    {
        double total = 0;
        var w = result.Weights;
        for (int t = 0; t < w.Layout.Count; t++)
        {
            if (w.Layout[t].DType != WeightDType.F32) continue;
            foreach (var v in w.Floats(t)) total += v;
        }
        return total;
    }
}
