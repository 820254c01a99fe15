using System.Numerics.Tensors;

namespace FedBus.Aggregation.Strategies;

/// <summary>
/// A mean-based round fed one update at a time (<see cref="Aggregator.StartMean"/>): each update is added into the
/// output as it is read and can be dropped right after, so memory does not grow with the number of sites. Added in
/// plan order, the result is bit-identical to <see cref="Aggregator.Aggregate(RoundPlan, WeightsView, IReadOnlyDictionary{string, WeightsView}, ServerState?, long?, AggregatedWeights?)"/>.
/// </summary>
public sealed class MeanAccumulator
{
    private readonly RoundExecution execution;
    private readonly float[] coefficients;
    private readonly float globalCoefficient;
    private readonly Dictionary<string, int> pending = new(StringComparer.Ordinal);
    private int added;
    private bool completed;

    internal MeanAccumulator(RoundExecution execution, float[] coefficients, float globalCoefficient)
    {
        this.execution = execution;
        this.coefficients = coefficients;
        this.globalCoefficient = globalCoefficient;
        for (int i = 0; i < execution.Plan.Included.Count; i++) pending[execution.Plan.Included[i].SiteId] = i;
    }

    /// <summary>Sites of the plan not added yet.</summary>
    public IReadOnlyCollection<string> Pending => pending.Keys;

    /// <summary>Adds one included site's update; each site once.</summary>
    public void Add(string siteId, WeightsView update)
    {
        ObjectDisposedException.ThrowIf(completed, this);
        ArgumentNullException.ThrowIfNull(siteId);
        if (!pending.Remove(siteId, out int index))
            throw new ArgumentException(execution.Plan.Included.Any(s => s.SiteId == siteId)
                ? $"Site '{siteId}' was already added."
                : $"Site '{siteId}' is not included in this round's plan.", nameof(siteId));
        Aggregator.CheckLayout(execution.Plan, siteId, update);
        float c = coefficients[index];
        bool first = added++ == 0;
        foreach (int t in execution.AggregatedTensors)
        {
            var output = execution.Output.Floats(t);
            var src = update.Floats(t);
            for (int off = 0; off < output.Length; off += TensorKernels.MeanChunk)
            {
                int len = Math.Min(TensorKernels.MeanChunk, output.Length - off);
                var dst = output.AsSpan(off, len);
                TensorKernels.WeightedAdd(dst, overwrite: first, 1, src.Slice(off, len), c);
            }
        }
        execution.TakeCounters(update);
    }

    /// <summary>Finishes the round once every included site was added.</summary>
    public AggregationResult Complete()
    {
        ObjectDisposedException.ThrowIf(completed, this);
        if (pending.Count > 0)
            throw new InvalidOperationException($"The plan's shares assume every included site; not added yet: {string.Join(", ", pending.Keys)}.");
        completed = true;
        foreach (int t in execution.AggregatedTensors)
        {
            var output = execution.Output.Floats(t);
            for (int off = 0; off < output.Length; off += TensorKernels.MeanChunk)
            {
                int len = Math.Min(TensorKernels.MeanChunk, output.Length - off);
                execution.Finish(t, off, output.AsSpan(off, len), globalCoefficient);
            }
        }
        return execution.Complete(execution.Plan.Sites);
    }
}
