using FedBus.Aggregation.Registry;
using FedBus.Aggregation.Rounds;
using FedBus.Contracts;
using FedBus.ServiceDefaults.Messaging.Outbox;

namespace FedBus.Aggregation.Persistence;

/// <summary>
/// The sites the hub knows: when each was last heard from (statistics, updates, validations), their latest statistics
/// per model, and which are live — the configured ones plus those heard from within <see cref="AggregationOptions.LiveSiteWindow"/>.
/// </summary>
public sealed class SiteDirectory(AggregationStore store, AggregationOptions options)
{
    public async Task<IReadOnlyList<string>> LiveAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var heard = (await store.SitesAsync(cancellationToken)).Where(s => s.LastHeardAt >= now - options.LiveSiteWindow).Select(s => s.SiteId);
        return [.. heard.Concat(options.Sites ?? []).Where(s => !string.IsNullOrWhiteSpace(s)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
    }

    /// <summary>Stages "heard from <paramref name="siteId"/> at <paramref name="at"/>" on <paramref name="work"/>.</summary>
    public async Task TouchAsync(UnitOfWork work, string siteId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var stored = await store.Sites.GetAsync(siteId, cancellationToken);
        if (stored is null) work.Insert(store.Sites, siteId, new SiteRecord(siteId, at, []));
        else if (stored.Document.LastHeardAt < at) work.Replace(store.Sites, siteId, stored.Document with { LastHeardAt = at }, stored.Version);
    }

    /// <summary>
    /// Stages a site's statistics report (the latest per site and model wins) and returns the federation's pooled class
    /// counts for the report's model over every site's latest report, with the number of reporting sites.
    /// </summary>
    public async Task<(int ReportingSites, IReadOnlyList<ClassCount> Counts)> RecordAsync(UnitOfWork work, SiteStatisticsReported report, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var stored = await store.Sites.GetAsync(report.SiteId, cancellationToken);
        var site = stored?.Document ?? new SiteRecord(report.SiteId, now, []);
        var previous = site.Statistics.FirstOrDefault(s => s.ModelId == report.ModelId);
        var latest = new SiteStatistics(report.ModelId, report.MessageId, report.OccurredAt, ReportedMetric.From(report.Counts), [.. report.AcceptedClassCounts ?? []]);
        if (previous is null || previous.ReportedAt <= report.OccurredAt)
            site = site with { Statistics = [.. site.Statistics.Where(s => s.ModelId != report.ModelId), latest] };
        site = site with { LastHeardAt = site.LastHeardAt > now ? site.LastHeardAt : now };
        if (stored is null) work.Insert(store.Sites, report.SiteId, site);
        else work.Replace(store.Sites, report.SiteId, site, stored.Version);

        var others = (await store.SitesAsync(cancellationToken)).Where(s => s.SiteId != report.SiteId).Append(site);
        var reports = others.Select(s => s.Statistics.FirstOrDefault(x => x.ModelId == report.ModelId)).OfType<SiteStatistics>().ToList();
        var pooled = reports.SelectMany(r => r.AcceptedClassCounts).GroupBy(c => c.ClassId).OrderBy(g => g.Key)
            .Select(g => new ClassCount(g.Key, g.Sum(c => c.Count))).ToList();
        return (reports.Count, pooled);
    }

    /// <summary>Accepted cases new since <paramref name="since"/> that the live sites report for a model (reports made after it only).</summary>
    public async Task<double> NewAcceptedCasesAsync(string modelId, DateTimeOffset? since, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var live = (await LiveAsync(now, cancellationToken)).ToHashSet(StringComparer.Ordinal);
        return (await store.SitesAsync(cancellationToken))
            .Where(s => live.Contains(s.SiteId))
            .Select(s => s.Statistics.FirstOrDefault(x => x.ModelId == modelId))
            .Where(r => r is not null && (since is null || r.ReportedAt > since))
            .Sum(r => r!.Count(AutoRoundOptions.NewAcceptedCasesCount) ?? 0);
    }
}
