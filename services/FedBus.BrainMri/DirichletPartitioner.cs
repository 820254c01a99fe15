namespace FedBus.BrainMri;

/// <summary>
/// Non-IID split of labelled items over sites, the usual federated-learning way: for each class draw
/// site shares p ~ Dirichlet(α) and deal that class's (shuffled) items out in those proportions.
/// Small α → each class lands mostly on one site (skewed mixes); large α → every site near the
/// global mix. Whole draws are repeated (same random stream) until every site has at least
/// <c>minPerSite</c> items, so no site is left empty.
/// </summary>
public static class DirichletPartitioner
{
    public const int MaxAttempts = 1000;

    /// <summary>Indices into <paramref name="labels"/> for each site, each list ascending.</summary>
    public static int[][] Partition(IReadOnlyList<int> labels, int siteCount, double alpha, int seed, int? minPerSite = null)
    {
        ArgumentNullException.ThrowIfNull(labels);
        if (siteCount < 1)
            throw new ArgumentOutOfRangeException(nameof(siteCount), siteCount, "there must be at least one site.");
        if (!(alpha > 0) || double.IsInfinity(alpha))
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "Dirichlet alpha must be a positive finite number (small = skewed, large = IID).");
        if (labels.Count < siteCount)
            throw new ArgumentException($"{labels.Count} items cannot fill {siteCount} sites.", nameof(labels));
        int min = minPerSite ?? Math.Max(1, Math.Min(10, labels.Count / (4 * siteCount)));

        var byClass = labels.Select((label, index) => (label, index)).GroupBy(t => t.label).OrderBy(g => g.Key)
            .Select(g => g.Select(t => t.index).ToArray()).ToList();
        var rng = new DeterministicRandom(DeterministicRandom.Derive(seed, "dirichlet-partition"));
        for (int attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var sites = Enumerable.Range(0, siteCount).Select(_ => new List<int>()).ToArray();
            foreach (var members in byClass)
            {
                var items = members.ToList();
                rng.Shuffle(items);
                var p = rng.NextDirichlet(siteCount, alpha);
                double cumulative = 0;
                int start = 0;
                for (int s = 0; s < siteCount; s++)
                {
                    cumulative += p[s];
                    int end = s == siteCount - 1 ? items.Count : Math.Min(items.Count, (int)Math.Round(cumulative * items.Count, MidpointRounding.AwayFromZero));
                    for (int i = start; i < end; i++)
                        sites[s].Add(items[i]);
                    start = Math.Max(start, end);
                }
            }
            if (sites.All(s => s.Count >= min))
                return sites.Select(s => s.Order().ToArray()).ToArray();
        }
        throw new InvalidOperationException(
            $"could not give each of {siteCount} sites at least {min} of {labels.Count} items with Dirichlet alpha {alpha} in {MaxAttempts} draws; raise alpha or use fewer sites.");
    }
}
