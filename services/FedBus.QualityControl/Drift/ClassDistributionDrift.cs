using System.Globalization;
using FedBus.Contracts;
using FedBus.QualityControl.Rules;

namespace FedBus.QualityControl.Drift;

/// <summary>
/// Does this site label a model's classes in other proportions than the federation (e.g. one hospital marks far more
/// images "tumour")? A warning, not a rejection: drift may be a real difference in patients, or a reader or tool that
/// labels differently, which is what someone should look at. Compares class histograms of accepted labels (as
/// <see cref="LabelClasses"/> counts them) with the Jensen–Shannon divergence.
/// </summary>
public static class ClassDistributionDrift
{
    public static DriftAssessment Assess(
        string modelId, IReadOnlyDictionary<int, long> site, FederationStatisticsPublished? federation, IReadOnlyList<string>? classNames, DriftSettings settings)
    {
        var siteTotal = site.Values.Sum();
        var pooled = federation?.AcceptedClassCounts.Where(c => c.Count > 0).ToDictionary(c => c.ClassId, c => (long)c.Count) ?? [];
        var federationTotal = pooled.Values.Sum();
        var sites = federation?.ReportingSites ?? 0;

        if (federation is null || federationTotal == 0)
            return new DriftAssessment(modelId, siteTotal, federationTotal, sites, null, settings.Threshold, null, "no federation statistics for this model yet");
        if (siteTotal < settings.MinimumLabels)
            return new DriftAssessment(modelId, siteTotal, federationTotal, sites, null, settings.Threshold, null,
                $"too few accepted labels at this site to judge ({siteTotal} of {settings.MinimumLabels})");

        var divergence = JensenShannon.Divergence(site, pooled);
        if (divergence <= settings.Threshold)
            return new DriftAssessment(modelId, siteTotal, federationTotal, sites, divergence, settings.Threshold, null, "within the threshold");

        var largest = Largest(site, pooled, classNames);
        var flag = new QcFlag(QcCodes.ClassDistributionDrift, string.Create(CultureInfo.InvariantCulture,
            $"This site's accepted labels for {modelId} use the classes in other proportions than the federation's (Jensen–Shannon divergence {divergence:0.000} > {settings.Threshold:0.000}): {largest}. This can be a real difference in patients, or labels drawn differently here; worth a look."));
        return new DriftAssessment(modelId, siteTotal, federationTotal, sites, divergence, settings.Threshold, flag, "drifting");
    }

    /// <summary>The class whose share differs most, in words.</summary>
    private static string Largest(IReadOnlyDictionary<int, long> site, IReadOnlyDictionary<int, long> federation, IReadOnlyList<string>? names)
    {
        double s = site.Values.Sum(), f = federation.Values.Sum();
        var worst = site.Keys.Union(federation.Keys)
            .Select(k => (Class: k, Here: site.GetValueOrDefault(k) / s, There: federation.GetValueOrDefault(k) / f))
            .OrderByDescending(x => Math.Abs(x.Here - x.There)).ThenBy(x => x.Class).First();
        var name = names is not null && worst.Class >= 0 && worst.Class < names.Count ? names[worst.Class] : $"class {worst.Class}";
        return string.Create(CultureInfo.InvariantCulture, $"{name} is in {worst.Here:P0} of labels here and {worst.There:P0} across the federation");
    }
}
