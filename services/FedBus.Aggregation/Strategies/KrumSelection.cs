namespace FedBus.Aggregation.Strategies;

/// <summary>
/// Krum and Multi-Krum (Blanchard et al. 2017): for each of the K updates, score(i) = Σ of the squared distances to its
/// K − f − 2 nearest other updates; Krum keeps the update with the lowest score, Multi-Krum the m lowest (m = K − f
/// unless set) and averages them with equal weights. Distances accumulate chunk by chunk over a K×chunk block (the
/// pairs of a chunk are computed while it is in cache), in double across chunks.
/// </summary>
internal static class KrumSelection
{
    public sealed record Selection(IReadOnlyList<int> Indices, double[] Scores, int Neighbours);

    public static Selection Select(RoundExecution execution, IReadOnlyList<WeightsView> views, float[] clip)
    {
        var settings = execution.Plan.Settings;
        int k = views.Count;
        var distance = new double[k, k];
        var scratch = new float[k * TensorKernels.RobustChunk];
        foreach (int t in execution.AggregatedTensors)
        {
            var global = execution.Global.Floats(t);
            int n = global.Length;
            for (int off = 0; off < n; off += TensorKernels.RobustChunk)
            {
                int len = Math.Min(TensorKernels.RobustChunk, n - off);
                var rows = scratch.AsSpan(0, k * len);
                for (int i = 0; i < k; i++)
                    TensorKernels.Blend(views[i].Floats(t).Slice(off, len), global.Slice(off, len), clip[i], rows.Slice(i * len, len));
                for (int i = 0; i < k; i++)
                    for (int j = i + 1; j < k; j++)
                        distance[i, j] += TensorKernels.SquaredDistance(rows.Slice(i * len, len), rows.Slice(j * len, len));
            }
        }

        int neighbours = Math.Max(1, k - settings.ByzantineSites - 2);
        var scores = new double[k];
        var row = new double[k - 1];
        for (int i = 0; i < k; i++)
        {
            int c = 0;
            for (int j = 0; j < k; j++)
                if (j != i) row[c++] = i < j ? distance[i, j] : distance[j, i];
            Array.Sort(row);
            for (int j = 0; j < neighbours; j++) scores[i] += row[j];
        }
        int m = settings.Strategy == StrategyKind.Krum ? 1 : settings.KrumSelected ?? k - settings.ByzantineSites;
        var chosen = Enumerable.Range(0, k).OrderBy(i => scores[i]).ThenBy(i => i).Take(m).Order().ToList();
        return new Selection(chosen, scores, neighbours);
    }

    /// <summary>The plan's decisions with the Krum outcome: shares 1/m for the chosen, the others left out with their score.</summary>
    public static IReadOnlyList<SiteDecision> Decisions(RoundPlan plan, Selection selection)
    {
        var byId = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < plan.Included.Count; i++) byId[plan.Included[i].SiteId] = i;
        var chosen = selection.Indices.ToHashSet();
        var ranked = Enumerable.Range(0, selection.Scores.Length).OrderBy(i => selection.Scores[i]).ThenBy(i => i).ToList();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        return [.. plan.Sites.Select(s =>
        {
            if (!s.Included || !seen.Add(s.SiteId) || !byId.TryGetValue(s.SiteId, out int i)) return s;
            if (chosen.Contains(i)) return s with { Share = 1.0 / chosen.Count };
            int rank = ranked.IndexOf(i) + 1;
            return s with
            {
                Included = false,
                Share = 0,
                Reason = Aggregator.Text($"Not selected by {plan.Settings.Strategy}: score {selection.Scores[i]:G4} (sum of squared distances to its {selection.Neighbours} nearest updates) ranks {rank} of {selection.Scores.Length}; the {chosen.Count} lowest are kept."),
            };
        })];
    }
}
