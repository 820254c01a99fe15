using System.Globalization;
using System.Numerics.Tensors;

namespace FedBus.Aggregation.Strategies;

/// <summary>
/// Executes a <see cref="RoundPlan"/> over the updates' weights. Everything is computed chunk by chunk across the
/// model: the output chunk (and, for the order statistics, one K×chunk scratch block) stays in cache while each input
/// streams through once. Memory beyond the inputs: the output model, the optimizer's buffers (FedAvgM one model,
/// FedOpt two — updated in place), and for FedMedian / trimmed mean / Krum a K × 1024-float scratch block.
/// FedMedian, trimmed mean and Krum need all K updates at hand (an order statistic or a distance needs every value of a
/// coordinate); the mean-based strategies can also run update by update (<see cref="StartMean"/>).
/// </summary>
public static class Aggregator
{
    /// <summary>Inspects, plans and aggregates in one call (for tests and small models; the service plans from stored inspections).</summary>
    public static AggregationResult Aggregate(AggregationSettings settings, WeightsView global, IReadOnlyList<SiteUpdate> updates, ServerState? state = null, long? noiseSeed = null)
    {
        ArgumentNullException.ThrowIfNull(global);
        ArgumentNullException.ThrowIfNull(updates);
        var submissions = updates.Select(u => new SiteSubmission(u.SiteId, u.SampleCount, UpdateInspector.Inspect(global, u.Weights), u.ValidationScore)).ToList();
        var plan = RoundPlanner.Plan(settings, global.Layout, submissions);
        var views = new Dictionary<string, WeightsView>(StringComparer.Ordinal);
        foreach (var u in updates) views.TryAdd(u.SiteId, u.Weights);
        return Aggregate(plan, global, views, state, noiseSeed);
    }

    /// <summary>
    /// Aggregates the plan's included updates (<paramref name="updates"/> by site id; sites left out by the plan need
    /// not be there). Consumes <paramref name="state"/> (null = a federation's first round); the result has the next.
    /// <paramref name="noiseSeed"/> fixes the DP noise for tests; leave it null in production. <paramref name="output"/>
    /// (same layout) is overwritten and becomes the result's weights instead of a new model-sized allocation — e.g.
    /// last round's aggregate once it is stored: fresh pages cost more than the aggregation itself on some VMs
    /// (docs/benchmarks.md).
    /// </summary>
    public static AggregationResult Aggregate(RoundPlan plan, WeightsView global, IReadOnlyDictionary<string, WeightsView> updates,
        ServerState? state = null, long? noiseSeed = null, AggregatedWeights? output = null)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(updates);
        var views = plan.Included.Select(s => updates.TryGetValue(s.SiteId, out var v)
            ? CheckLayout(plan, s.SiteId, v)
            : throw new ArgumentException($"The plan includes site '{s.SiteId}' but its update was not given.", nameof(updates))).ToList();
        var execution = new RoundExecution(plan, global, state, noiseSeed, output);
        var clip = plan.Included.Select(s => (float)s.ClipFactor).ToArray();
        var sites = plan.Sites;
        switch (plan.Settings.Strategy)
        {
            case StrategyKind.FedMedian:
            case StrategyKind.TrimmedMean:
                OrderStatistic(execution, views, clip);
                foreach (var v in views) execution.TakeCounters(v);
                break;
            case StrategyKind.Krum:
            case StrategyKind.MultiKrum:
                var selected = KrumSelection.Select(execution, views, clip);
                sites = KrumSelection.Decisions(plan, selected);
                var chosen = selected.Indices;
                WeightedSum(execution, [.. chosen.Select(i => views[i])],
                    [.. chosen.Select(i => clip[i] / chosen.Count)], (float)chosen.Sum(i => (1.0 - clip[i]) / chosen.Count));
                foreach (var i in chosen) execution.TakeCounters(views[i]);
                break;
            default:
                var (coefficients, globalCoefficient) = MeanCoefficients(plan);
                WeightedSum(execution, views, coefficients, globalCoefficient);
                foreach (var v in views) execution.TakeCounters(v);
                break;
        }
        return execution.Complete(sites);
    }

    /// <summary>
    /// Starts a mean-based round that takes the updates one at a time (<see cref="MeanAccumulator.Add"/>), so at most one
    /// update's bytes need to be in memory: the peak is independent of the number of sites. Parameters as for
    /// <see cref="Aggregate(RoundPlan, WeightsView, IReadOnlyDictionary{string, WeightsView}, ServerState?, long?, AggregatedWeights?)"/>.
    /// </summary>
    public static MeanAccumulator StartMean(RoundPlan plan, WeightsView global, ServerState? state = null, long? noiseSeed = null, AggregatedWeights? output = null)
    {
        ArgumentNullException.ThrowIfNull(plan);
        if (!plan.Settings.IsMeanBased)
            throw new InvalidOperationException($"{plan.Settings.Strategy} needs every update at once (an order statistic or distances per coordinate); use Aggregate.");
        var execution = new RoundExecution(plan, global, state, noiseSeed, output);
        var (coefficients, globalCoefficient) = MeanCoefficients(plan);
        return new MeanAccumulator(execution, coefficients, globalCoefficient);
    }

    internal static (float[] Coefficients, float GlobalCoefficient) MeanCoefficients(RoundPlan plan)
    {
        // A clipped update is w_g + s·(w − w_g): its share p splits into p·s on w and p·(1 − s) on w_g.
        var c = plan.Included.Select(s => (float)(s.Share * s.ClipFactor)).ToArray();
        double g = plan.Included.Sum(s => s.Share * (1 - s.ClipFactor));
        return (c, (float)g);
    }

    internal static WeightsView CheckLayout(RoundPlan plan, string siteId, WeightsView view)
    {
        ArgumentNullException.ThrowIfNull(view, siteId);
        if (!plan.Layout.Matches(view.Layout))
            throw new ArgumentException($"Site '{siteId}': the update does not match the global model (inspect updates before planning): " +
                string.Join("; ", plan.Layout.Differences(view.Layout)));
        return view;
    }

    /// <summary>out = Σ cₖ·wₖ (+ c_g·w_g, noise, optimizer) chunk by chunk: the K inputs stream once, the output chunk stays in cache.</summary>
    private static void WeightedSum(RoundExecution execution, IReadOnlyList<WeightsView> views, float[] coefficients, float globalCoefficient)
    {
        foreach (int t in execution.AggregatedTensors)
        {
            var output = execution.Output.Floats(t);
            for (int off = 0; off < output.Length; off += TensorKernels.MeanChunk)
            {
                int len = Math.Min(TensorKernels.MeanChunk, output.Length - off);
                var dst = output.AsSpan(off, len);
                for (int k = 0; k < views.Count; k += 4)
                {
                    int n = Math.Min(4, views.Count - k);
                    ReadOnlySpan<float> Row(int i) => i < n ? views[k + i].Floats(t).Slice(off, len) : default;
                    float C(int i) => i < n ? coefficients[k + i] : 0;
                    TensorKernels.WeightedAdd(dst, overwrite: k == 0, n, Row(0), C(0), Row(1), C(1), Row(2), C(2), Row(3), C(3));
                }
                execution.Finish(t, off, dst, globalCoefficient);
            }
        }
    }

    /// <summary>Coordinate-wise median or trimmed mean: K rows of a chunk sorted column-wise by a sorting network.</summary>
    private static void OrderStatistic(RoundExecution execution, IReadOnlyList<WeightsView> views, float[] clip)
    {
        int k = views.Count;
        var settings = execution.Plan.Settings;
        var network = SortingNetwork.For(k);
        var scratch = new float[k * TensorKernels.RobustChunk];
        int trim = settings.Strategy == StrategyKind.TrimmedMean ? (int)Math.Floor(settings.TrimFraction * k) : 0;
        foreach (int t in execution.AggregatedTensors)
        {
            var output = execution.Output.Floats(t);
            var global = execution.Global.Floats(t);
            for (int off = 0; off < output.Length; off += TensorKernels.RobustChunk)
            {
                int len = Math.Min(TensorKernels.RobustChunk, output.Length - off);
                var rows = scratch.AsSpan(0, k * len);
                for (int i = 0; i < k; i++)
                    TensorKernels.Blend(views[i].Floats(t).Slice(off, len), global.Slice(off, len), clip[i], rows.Slice(i * len, len));
                network.SortColumns(rows, len);
                var dst = output.AsSpan(off, len);
                if (settings.Strategy == StrategyKind.FedMedian)
                {
                    if (k % 2 == 1) rows.Slice(k / 2 * len, len).CopyTo(dst);
                    else
                    {
                        TensorPrimitives.Add(rows.Slice((k / 2 - 1) * len, len), rows.Slice(k / 2 * len, len), dst);
                        TensorPrimitives.Multiply(dst, 0.5f, dst);
                    }
                }
                else
                {
                    rows.Slice(trim * len, len).CopyTo(dst);
                    for (int i = trim + 1; i < k - trim; i++) TensorPrimitives.Add(dst, rows.Slice(i * len, len), dst);
                    TensorPrimitives.Multiply(dst, 1f / (k - 2 * trim), dst);
                }
                execution.Finish(t, off, dst, 0);
            }
        }
    }

    internal static string Text(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
