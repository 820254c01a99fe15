using System.Net.Http.Json;
using System.Text.Json;
using FedBus.AppHost.Demo;

namespace FedBus.AppHost.Up;

/// <summary>
/// After the run, from the services' own HTTP APIs (not from the observer's counts): was every study the PACS sent
/// indexed once and every instance of it predicted once; was every submission QC'd once; was every update of a round
/// aggregated once. What was lost or doubled is listed by id, so a broker restart that broke delivery shows as a defect.
/// </summary>
internal static class UpAudit
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<DeliveryAudit> RunAsync(IReadOnlyList<IDemoSiteView> sites, IReadOnlyList<HttpClient> http, HttpClient hub,
        IReadOnlyList<Guid> roundIds, IReadOnlyList<IReadOnlySet<Guid>> tasksReadersSaw, IReadOnlyList<(string Name, Uri Url)> services,
        CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        // Every event committed must have left its outbox by now; one still waiting names the service that stopped publishing.
        using (var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(30) })
            foreach (var (name, url) in services)
            {
                if (await ServiceHealth.CheckAsync(probe, url, "outbox", cancellationToken) is { Description: { } said }
                    && System.Text.RegularExpressions.Regex.Match(said, @"^(\d+) events waiting") is { Success: true } m && m.Groups[1].Value != "0")
                    problems.Add($"{name}: its outbox still holds events at the end of the run ({said})");
            }
        int studies = 0, instances = 0, predicted = 0, submissions = 0, updates = 0;
        for (var k = 0; k < sites.Count; k++)
        {
            var site = sites[k].Site;
            var indexed = await http[k].GetFromJsonAsync<JsonElement>("dicomweb/studies?limit=1000", Json, cancellationToken);
            var uids = indexed.EnumerateArray().Select(s => s.GetProperty("0020000D").GetProperty("Value")[0].GetString()!).ToList();
            foreach (var twice in uids.GroupBy(u => u).Where(g => g.Count() > 1)) problems.Add($"{site.SiteId}: study {twice.Key} indexed {twice.Count()} times");
            foreach (var study in site.Waves.SelectMany(w => w))
            {
                studies++;
                if (!uids.Contains(study.StudyInstanceUid))
                {
                    problems.Add($"{site.SiteId}: study {study.StudyInstanceUid} was sent but is not indexed");
                    continue;
                }
                var predictions = await http[k].GetFromJsonAsync<JsonElement>($"inference/studies/{Uri.EscapeDataString(study.StudyInstanceUid)}/predictions", Json, cancellationToken);
                var skipped = await http[k].GetFromJsonAsync<JsonElement>($"inference/studies/{Uri.EscapeDataString(study.StudyInstanceUid)}/skipped", Json, cancellationToken);
                var bySop = predictions.EnumerateArray()
                    .Select(p => p.GetProperty("completed").GetProperty("image").GetProperty("sopInstanceUid").GetString()!)
                    .GroupBy(x => x).ToDictionary(g => g.Key, g => g.Count());
                var skippedSops = skipped.EnumerateArray().Count();
                foreach (var image in study.Images)
                {
                    instances++;
                    var n = bySop.GetValueOrDefault(image.SopInstanceUid);
                    if (n == 1) predicted++;
                    else if (n > 1) problems.Add($"{site.SiteId}: instance {image.SopInstanceUid} predicted {n} times");
                    else if (skippedSops == 0) problems.Add($"{site.SiteId}: instance {image.SopInstanceUid} was stored but neither predicted nor skipped");
                }
            }
            // The readers' own record of the tasks they worked, not only what the observer saw on the bus: an event a
            // service never published is missing from both the observer's counts and QC.
            var answered = sites[k].Activity.Read(p => p.SelectMany(x => x.TasksAnswered).ToHashSet());
            foreach (var unseen in tasksReadersSaw[k].Where(t => !answered.Contains(t)))
                problems.Add($"{site.SiteId}: task {unseen} was on the readers' worklist but its AnnotationSubmitted never reached the bus");
            foreach (var task in answered.Union(tasksReadersSaw[k]))
            {
                var verdicts = await http[k].GetFromJsonAsync<JsonElement>($"qc/tasks/{task}", Json, cancellationToken);
                var bySubmission = verdicts.GetProperty("verdicts").EnumerateArray()
                    .GroupBy(v => v.GetProperty("submissionId").GetString()).ToList();
                if (bySubmission.Count == 0) problems.Add($"{site.SiteId}: task {task} was answered but QC holds no verdict");
                foreach (var g in bySubmission)
                {
                    submissions++;
                    if (g.Count() > 1) problems.Add($"{site.SiteId}: submission {g.Key} of task {task} QC'd {g.Count()} times");
                }
            }
        }
        foreach (var roundId in roundIds)
        {
            var round = await hub.GetFromJsonAsync<JsonElement>($"aggregation/rounds/{roundId}", Json, cancellationToken);
            var bySite = round.GetProperty("updates").EnumerateArray().GroupBy(u => u.GetProperty("siteId").GetString()).ToList();
            updates += bySite.Count;
            foreach (var g in bySite.Where(g => g.Count() > 1)) problems.Add($"round {roundId}: {g.Count()} updates recorded from {g.Key}");
            if (round.TryGetProperty("candidate", out var candidate) && candidate.ValueKind == JsonValueKind.Object)
                foreach (var g in candidate.GetProperty("sites").EnumerateArray().GroupBy(s => s.GetProperty("siteId").GetString()).Where(g => g.Count() > 1))
                    problems.Add($"round {roundId}: {g.Key} aggregated {g.Count()} times");
        }
        return new DeliveryAudit(studies, instances, predicted, submissions, updates, problems);
    }
}
