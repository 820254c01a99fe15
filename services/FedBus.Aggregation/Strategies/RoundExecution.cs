using System.Numerics.Tensors;
using FedBus.Learning.Weights;

namespace FedBus.Aggregation.Strategies;

/// <summary>
/// The part of executing a plan every strategy shares: the output buffers, the per-chunk finish (global term of
/// clipped updates, DP noise, server optimizer step), the int64 counters, and assembling the result and next state.
/// </summary>
internal sealed class RoundExecution
{
    private readonly RoundPlan plan;
    private readonly WeightsView global;
    private readonly StrategyKind? stateOptimizer;
    private readonly int stateRounds;
    private readonly PrivacyLedger ledger;
    private readonly Dictionary<string, float[]> carriedBuffers;
    private readonly ServerOptimizer? optimizer;
    private readonly GaussianNoise? noise;
    private readonly long[]?[] counters;
    private readonly List<string> notes;
    private readonly HashSet<string> local;

    public RoundExecution(RoundPlan plan, WeightsView global, ServerState? state, long? noiseSeed, AggregatedWeights? output)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(global);
        if (!plan.CanAggregate) throw new InvalidOperationException($"This round cannot be aggregated: {plan.Blocker}");
        if (!plan.Layout.Matches(global.Layout))
            throw new ArgumentException("The global model does not match the plan's layout: " + string.Join("; ", plan.Layout.Differences(global.Layout)), nameof(global));
        if (output is not null && !plan.Layout.Matches(output.Layout))
            throw new ArgumentException("The output buffers do not match the plan's layout: " + string.Join("; ", plan.Layout.Differences(output.Layout)), nameof(output));
        if (output is not null && Enumerable.Range(0, plan.Layout.Count).Any(t => plan.Layout[t].DType == WeightDType.F32 && global.Floats(t).Overlaps(output.Floats(t))))
            throw new ArgumentException("The output buffers are the global model's own memory: the round reads the global model while writing.", nameof(output));
        this.plan = plan;
        this.global = global;
        notes = [.. plan.Notes];
        local = new HashSet<string>(plan.LocalTensors, StringComparer.Ordinal);
        state ??= ServerState.CreateInitial();
        stateOptimizer = state.Optimizer;
        stateRounds = state.Rounds;
        ledger = state.Privacy;
        var buffers = state.Consume();
        if (plan.Settings.HasServerOptimizer)
        {
            optimizer = ServerOptimizer.Create(plan.Settings, plan, stateOptimizer, buffers, notes);
            carriedBuffers = optimizer.Buffers;
        }
        else carriedBuffers = buffers; // another strategy's buffers ride along untouched
        if (plan.NoiseStdDev > 0) noise = new GaussianNoise(noiseSeed);
        counters = new long[]?[plan.Layout.Count];
        Output = output ?? new AggregatedWeights(plan.Layout);
    }

    public RoundPlan Plan => plan;

    public WeightsView Global => global;

    public AggregatedWeights Output { get; }

    /// <summary>Float tensors that are aggregated, by index.</summary>
    public IEnumerable<int> AggregatedTensors => Enumerable.Range(0, plan.Layout.Count).Where(plan.IsAggregated);

    /// <summary>
    /// dst holds Σ cₖ·wₖ for the chunk; adds <paramref name="globalCoefficient"/>·w_global (what clipped updates
    /// keep of the global model), the DP noise, and the server optimizer step.
    /// </summary>
    public void Finish(int tensor, int offset, Span<float> dst, float globalCoefficient)
    {
        var g = global.Floats(tensor).Slice(offset, dst.Length);
        if (globalCoefficient != 0) TensorPrimitives.MultiplyAdd(g, globalCoefficient, dst, dst);
        noise?.AddTo(dst, (float)plan.NoiseStdDev);
        optimizer?.Step(tensor, offset, g, dst);
    }

    /// <summary>int64 tensors (BatchNorm's step counters) are counts, not weights: the aggregate keeps the largest.</summary>
    public void TakeCounters(WeightsView update)
    {
        if (plan.Settings.Privacy is not null) return; // counts are not covered by the noise: keep the global's
        for (int t = 0; t < plan.Layout.Count; t++)
        {
            if (plan.Layout[t].DType != WeightDType.I64 || local.Contains(plan.Layout[t].Name)) continue;
            var src = update.Int64s(t);
            if (counters[t] is not { } max)
            {
                counters[t] = src.ToArray();
                continue;
            }
            TensorPrimitives.Max(max, src, max);
        }
    }

    public AggregationResult Complete(IReadOnlyList<SiteDecision> sites)
    {
        for (int t = 0; t < plan.Layout.Count; t++)
        {
            if (plan.IsAggregated(t)) continue;
            if (plan.Layout[t].DType == WeightDType.F32) global.Floats(t).CopyTo(Output.Floats(t));
            else (counters[t] ?? global.Int64s(t)).CopyTo(Output.Int64s(t));
        }

        PrivacyReport? privacy = null;
        var nextLedger = ledger;
        if (plan.Settings.Privacy is { } dp)
        {
            nextLedger = ledger.After(dp.NoiseMultiplier);
            var (epsilon, order) = nextLedger.Epsilon(dp.Delta);
            privacy = new PrivacyReport(dp.NoiseMultiplier, dp.ClipNorm, plan.Included.Count, plan.NoiseStdDev, nextLedger.Rounds, epsilon, dp.Delta, order);
        }
        var nextOptimizer = optimizer is not null ? plan.Settings.Strategy : stateOptimizer;
        var state = ServerState.Next(nextOptimizer, stateRounds + 1, nextLedger, carriedBuffers);
        return new AggregationResult(plan.Settings.Strategy, Output, state, sites, plan.LocalTensors, privacy, notes);
    }
}
