namespace FedBus.Learning.Metrics;

/// <summary>Accuracy and ROC AUC.</summary>
public static class ClassificationMetrics
{
    /// <summary>Fraction of positions where the two label lists agree.</summary>
    public static double Accuracy(IReadOnlyList<int> predicted, IReadOnlyList<int> reference)
    {
        ArgumentNullException.ThrowIfNull(predicted);
        ArgumentNullException.ThrowIfNull(reference);
        if (predicted.Count != reference.Count)
            throw new ArgumentException($"Label lists differ in length: {predicted.Count} vs {reference.Count}.");
        if (predicted.Count == 0) throw new ArgumentException("Accuracy of no cases is undefined.");
        int hits = 0;
        for (int i = 0; i < predicted.Count; i++) if (predicted[i] == reference[i]) hits++;
        return (double)hits / predicted.Count;
    }

    /// <summary>
    /// Area under the ROC curve for a binary problem: the probability that a random positive scores
    /// higher than a random negative, ties counting one half (Mann–Whitney U with mid-ranks).
    /// Needs at least one positive and one negative.
    /// </summary>
    public static double RocAuc(IReadOnlyList<double> scores, IReadOnlyList<bool> positive)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(positive);
        if (scores.Count != positive.Count)
            throw new ArgumentException($"{scores.Count} scores but {positive.Count} labels.");
        int n = scores.Count;
        int pos = positive.Count(p => p);
        int neg = n - pos;
        if (pos == 0 || neg == 0) throw new ArgumentException($"ROC AUC needs both classes; got {pos} positives and {neg} negatives.");
        if (scores.Any(s => double.IsNaN(s))) throw new ArgumentException("Scores contain NaN.");
        var order = Enumerable.Range(0, n).OrderBy(i => scores[i]).ToArray();
        double rankSumPositive = 0;
        for (int start = 0; start < n;)
        {
            int end = start;
            while (end + 1 < n && scores[order[end + 1]] == scores[order[start]]) end++;
            double midRank = (start + end) / 2.0 + 1; // 1-based mid-rank of the tie group
            for (int k = start; k <= end; k++) if (positive[order[k]]) rankSumPositive += midRank;
            start = end + 1;
        }
        return (rankSumPositive - pos * (pos + 1) / 2.0) / ((double)pos * neg);
    }

    /// <summary>Macro one-vs-rest AUC over classes present as both positive and negative.</summary>
    public static double RocAucOneVsRest(IReadOnlyList<float[]> probabilities, IReadOnlyList<int> reference)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        ArgumentNullException.ThrowIfNull(reference);
        if (probabilities.Count != reference.Count) throw new ArgumentException($"{probabilities.Count} score rows but {reference.Count} labels.");
        if (probabilities.Count == 0) throw new ArgumentException("AUC of no cases is undefined.");
        int classes = probabilities[0].Length;
        var aucs = new List<double>();
        for (int c = 0; c < classes; c++)
        {
            var isPos = reference.Select(r => r == c).ToArray();
            if (isPos.All(p => p) || !isPos.Any(p => p)) continue;
            aucs.Add(RocAuc(probabilities.Select(p => (double)p[c]).ToArray(), isPos));
        }
        if (aucs.Count == 0) throw new ArgumentException("No class occurs as both positive and negative; AUC is undefined.");
        return aucs.Average();
    }
}
