using System.Globalization;
using FedBus.Aggregation.Strategies;
using FedBus.Learning.Weights;

namespace FedBus.Aggregation.Profiles;

/// <summary>
/// The image profile that ships inside a weight file: training-distribution statistics under a reserved name prefix,
/// not network weights. They are never inspected as an update, never given to a strategy (robust statistics, FedOpt or
/// DP noise would garble a mean of moments) and are pooled here by sample-weighted mean — exact for moments
/// (count, mean, raw second moment), which is what the profile holds. Tensors group by the name up to their last dot
/// (<c>profile.image.mean</c> is in group <c>profile.image</c>); a group with an int64 <c>&lt;group&gt;.count</c> is
/// weighted by that count, any other by the site's training samples; int64 tensors are counts and are summed.
/// </summary>
public static class ProfileTensors
{
    /// <summary>
    /// The reserved prefix. Must equal FedBus.Learning's <c>TrainingProfile.WeightPrefix</c> (inference branch), which
    /// the site builders write and <c>ITaskModel.ImportWeights</c> ignores.
    /// </summary>
    public const string Prefix = "profile.";

    private const string CountSuffix = ".count";

    public static bool IsProfile(string tensorName) => tensorName.StartsWith(Prefix, StringComparison.Ordinal);

    /// <summary>The network's own tensors (everything but the profile), over the same memory.</summary>
    public static WeightsView Network(WeightsView weights) => weights.Select(n => !IsProfile(n));

    /// <summary>A copy of the profile tensors (small: feature moments, not weights).</summary>
    public static WeightSet CopyProfile(WeightsView weights) => weights.Select(IsProfile).ToWeightSet();

    /// <summary>
    /// Pools the sites' profiles group by group. A site whose group has another layout than the first contributor's, or
    /// non-finite values, is left out of that group (noted). Groups of <paramref name="previous"/> no site sent are kept
    /// as they were, so a round of sites without profiles does not erase the federation's.
    /// </summary>
    public static PooledProfile Pool(IReadOnlyList<SiteProfile> sites, WeightSet? previous = null)
    {
        ArgumentNullException.ThrowIfNull(sites);
        var notes = new List<string>();
        var used = new SortedSet<string>(StringComparer.Ordinal);
        var output = new List<KeyValuePair<string, WeightTensor>>();
        var groups = sites.SelectMany(s => s.Tensors.Keys).Where(IsProfile).Select(GroupOf).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        foreach (var group in groups)
        {
            var parts = new List<(SiteProfile Site, List<KeyValuePair<string, WeightTensor>> Tensors, double Weight)>();
            List<KeyValuePair<string, WeightTensor>>? reference = null;
            foreach (var site in sites)
            {
                var tensors = site.Tensors.Where(kv => IsProfile(kv.Key) && GroupOf(kv.Key) == group).ToList();
                if (tensors.Count == 0) continue;
                reference ??= tensors;
                if (!SameLayout(reference, tensors))
                {
                    notes.Add($"Profile group '{group}' of site {site.SiteId} has another layout than the first site's; left out of the pool.");
                    continue;
                }
                if (tensors.Any(kv => kv.Value.DType == WeightDType.F32 && kv.Value.Values.Any(v => !float.IsFinite(v))))
                {
                    notes.Add($"Profile group '{group}' of site {site.SiteId} holds non-finite values; left out of the pool.");
                    continue;
                }
                var weight = WeightOf(group, tensors, site.SampleCount);
                if (!(weight > 0))
                {
                    notes.Add(Text($"Profile group '{group}' of site {site.SiteId} describes no samples (weight {weight}); left out of the pool."));
                    continue;
                }
                parts.Add((site, tensors, weight));
            }
            if (parts.Count == 0) continue;
            double total = parts.Sum(p => p.Weight);
            for (int t = 0; t < parts[0].Tensors.Count; t++)
            {
                var (name, first) = parts[0].Tensors[t];
                var shape = first.Shape.ToArray();
                if (first.DType == WeightDType.I64)
                {
                    var sum = new long[first.ElementCount];
                    foreach (var p in parts)
                    {
                        var v = p.Tensors[t].Value.Int64Values;
                        for (int i = 0; i < sum.Length; i++) sum[i] = checked(sum[i] + v[i]);
                    }
                    output.Add(new(name, WeightTensor.Int64(shape, sum)));
                    continue;
                }
                var acc = new double[first.ElementCount];
                foreach (var p in parts)
                {
                    double w = p.Weight / total;
                    var v = p.Tensors[t].Value.Values;
                    for (int i = 0; i < acc.Length; i++) acc[i] += w * v[i];
                }
                output.Add(new(name, WeightTensor.Float32(shape, [.. acc.Select(a => (float)a)])));
            }
            foreach (var p in parts) used.Add(p.Site.SiteId);
        }

        if (previous is not null)
        {
            var kept = previous.Where(kv => IsProfile(kv.Key) && !groups.Contains(GroupOf(kv.Key))).ToList();
            if (kept.Count > 0)
            {
                output.AddRange(kept);
                notes.Add($"Profile group(s) {string.Join(", ", kept.Select(kv => GroupOf(kv.Key)).Distinct().Select(g => $"'{g}'"))} kept from the base model: no site sent them.");
            }
        }
        return new PooledProfile(new WeightSet(output), [.. used], notes);
    }

    /// <summary>"profile.image.mean" → "profile.image"; a name with no dot after the prefix is its own group.</summary>
    public static string GroupOf(string tensorName)
    {
        int dot = tensorName.LastIndexOf('.');
        return dot >= Prefix.Length ? tensorName[..dot] : tensorName;
    }

    private static double WeightOf(string group, List<KeyValuePair<string, WeightTensor>> tensors, long samples)
    {
        var count = tensors.FirstOrDefault(kv => kv.Key == group + CountSuffix).Value;
        return count is { DType: WeightDType.I64, ElementCount: 1 } ? count.Int64Values[0] : samples;
    }

    private static bool SameLayout(List<KeyValuePair<string, WeightTensor>> a, List<KeyValuePair<string, WeightTensor>> b) =>
        a.Count == b.Count && a.Zip(b).All(p => p.First.Key == p.Second.Key && p.First.Value.HasSameLayout(p.Second.Value));

    private static string Text(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
