using System.Diagnostics;
using System.Globalization;
using FedBus.Ingestion;
using FedBus.Ingestion.Index;
using FedBus.Ingestion.Storing;
using FedBus.ServiceDefaults;
using FedBus.ServiceDefaults.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace FedBus.Bench.Ingestion;

/// <summary>
/// QIDO-RS over a large index: the ingestion service (in this process, LiteDB by default) is filled through its own
/// index commit path with N instances (studies of 2 series x 10 instances, two studies per patient, dates over five
/// years), then the searches a viewer makes are timed over HTTP, and the store's plan for each is printed.
/// </summary>
internal static class QidoBench
{
    private const int Repeats = 20;

    public static async Task RunAsync(int instances, string? mongo)
    {
        var data = Directory.CreateTempSubdirectory("fedbus-bench-qido-").FullName;
        var builder = WebApplication.CreateBuilder(["--hostBuilder:reloadConfigOnChange=false"]);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["urls"] = "http://127.0.0.1:0",
            ["FedBus:SiteId"] = "bench",
            ["FedBus:DataDirectory"] = data,
            ["FedBus:Ingestion:DicomPort"] = "0",
            ["FedBus:Ingestion:BindAddress"] = "127.0.0.1",
            ["FedBus:Storage:Provider"] = mongo is null ? "LiteDb" : "Mongo",
            ["FedBus:Storage:MongoConnectionString"] = mongo ?? "",
            ["FedBus:Storage:MongoDatabase"] = "bench-qido-" + Guid.NewGuid().ToString("N")[..8],
            ["Logging:LogLevel:Default"] = "Warning",
            [$"{FedBus.ServiceDefaults.Security.AuthOptions.Section}:SigningKey"] = BenchTokens.SigningKey,
        });
        builder.AddServiceDefaults("ingestion");
        builder.AddIngestion();
        await using var app = builder.Build();
        app.MapIngestion();
        await app.StartAsync();
        try
        {
            var index = app.Services.GetRequiredService<StudyIndex>();
            var store = mongo is null ? "LiteDB" : "MongoDB";
            Console.WriteLine($"QIDO-RS benchmark on {store}: indexing {instances} instances through the service's index commit path (load {Tools.LoadAverage()}) ...");
            var (studies, seconds) = await SeedAsync(index, instances);
            Console.WriteLine($"Indexed {instances} instances in {studies.Count} studies in {seconds:F0} s ({instances / seconds:F0} instances/s, batches of 20).");

            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            using var http = new HttpClient { BaseAddress = new Uri(address), DefaultRequestHeaders = { Authorization = BenchTokens.Bearer() } };
            var some = studies[studies.Count / 3];
            var week = (From: DateFor(studies.Count / 2, studies.Count), To: DateFor((studies.Count / 2) + (studies.Count * 7 / 1826), studies.Count));
            var uids = string.Join(',', Enumerable.Range(0, 10).Select(i => studies[i * studies.Count / 10].Uid));
            var searches = new (string What, string Url)[]
            {
                ("studies of one patient (Patient ID)", $"/dicomweb/studies?PatientID={some.PatientId}"),
                ("studies in one week (StudyDate range)", $"/dicomweb/studies?StudyDate={week.From}-{week.To}"),
                ("10 studies by UID list", $"/dicomweb/studies?StudyInstanceUID={uids}"),
                ("newest 100 studies (no key)", "/dicomweb/studies?limit=100"),
                ("one accession number", $"/dicomweb/studies?AccessionNumber={some.Accession}"),
                ("patient name prefix (checked in memory), 10 results", "/dicomweb/studies?PatientName=patient%5E12*&limit=10"),
                ("series of one study", $"/dicomweb/studies/{some.Uid}/series"),
                ("instances of one study", $"/dicomweb/studies/{some.Uid}/instances"),
                ("instances of one patient (study key at instance level)", $"/dicomweb/instances?PatientID={some.PatientId}"),
                ("100 MR series (series key across studies)", "/dicomweb/series?Modality=MR&limit=100"),
            };

            Console.WriteLine();
            Console.WriteLine($"{"search",-56} {"results",8} {"median ms",10} {"p90 ms",8}");
            foreach (var (what, url) in searches)
            {
                var times = new List<double>();
                var results = 0;
                for (var i = 0; i < Repeats + 3; i++)
                {
                    var watch = Stopwatch.StartNew();
                    using var response = await http.GetAsync(url);
                    var body = await response.Content.ReadAsByteArrayAsync();
                    watch.Stop();
                    if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{url}: {(int)response.StatusCode} {System.Text.Encoding.UTF8.GetString(body)}");
                    results = System.Text.Json.JsonDocument.Parse(body).RootElement.GetArrayLength();
                    if (i >= 3) times.Add(watch.Elapsed.TotalMilliseconds);
                }
                times.Sort();
                Console.WriteLine($"{what,-56} {results,8} {Tools.Median(times),10:F1} {times[(int)(times.Count * 0.9)],8:F1}");
            }

            Console.WriteLine();
            Console.WriteLine($"{store}'s plans for the study searches above (the filter and order QIDO-RS hands the store):");
            var byDate = new FindOptions("orderKey", Descending: true, Limit: 500);
            var plans = new (string What, DocumentFilter Filter, FindOptions Options)[]
            {
                ("Patient ID", DocumentFilter.Eq("attributes.patientId", some.PatientId), byDate),
                ("StudyDate range", DocumentFilter.And(DocumentFilter.Gte("attributes.studyDate", week.From), DocumentFilter.Lte("attributes.studyDate", week.To)), byDate),
                ("UID list", DocumentFilter.In("studyInstanceUid", uids.Split(',')), byDate),
                ("no key, newest 100", DocumentFilter.All, byDate with { Limit = 100 }),
            };
            foreach (var (what, filter, options) in plans)
                Console.WriteLine($"  {what}: {await index.Studies.ExplainAsync(filter, options)}");
        }
        finally
        {
            await app.StopAsync();
            try
            {
                Directory.Delete(data, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static async Task<(List<(string Uid, string PatientId, string Accession)> Studies, double Seconds)> SeedAsync(StudyIndex index, int instances)
    {
        const int perStudy = 20;
        var count = Math.Max(1, instances / perStudy);
        var studies = new List<(string, string, string)>(count);
        var watch = Stopwatch.StartNew();
        var now = DateTimeOffset.UtcNow;
        for (var s = 0; s < count; s++)
        {
            var uid = $"2.25.{1000000 + s}";
            var patient = $"P{s / 2:D6}";
            var accession = $"A{s:D7}";
            var attributes = new StudyAttributes(patient, $"Patient^{s / 2}", "19700101", "F", DateFor(s, count), "101500", accession, "1", "Bench study", null);
            var entries = new List<IndexEntry>(perStudy);
            for (var i = 0; i < perStudy; i++)
            {
                var series = i < perStudy / 2 ? 1 : 2;
                var seriesUid = $"{uid}.{series}";
                var sop = $"{seriesUid}.{i + 1}";
                var header = new InstanceHeader("1.2.840.10008.5.1.4.1.1.4", sop, uid, seriesUid, i + 1, 256, 256, 1,
                    series == 1 ? "MR" : "CT", attributes, series, $"Series {series}", "HEAD");
                entries.Add(new IndexEntry(new InstanceRecord(sop, header.SopClassUid, seriesUid, uid, "1.2.840.10008.1.2.1",
                    Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(sop))), 131_072,
                    i + 1, 256, 256, 1, "BENCH", IngestSource.CStore, now), header, null));
            }
            await index.CommitAsync(entries, now, CancellationToken.None);
            studies.Add((uid, patient, accession));
            if ((s + 1) % Math.Max(1, count / 10) == 0) Console.WriteLine($"  {(s + 1) * perStudy} instances ({watch.Elapsed.TotalSeconds:F0} s)");
        }
        await index.RecountDueAsync(force: true, CancellationToken.None);
        return (studies, watch.Elapsed.TotalSeconds);
    }

    /// <summary>Study dates spread evenly over five years from 2020-01-01.</summary>
    private static string DateFor(int study, int count) =>
        new DateTime(2020, 1, 1).AddDays(study * 1826.0 / count).ToString("yyyyMMdd", CultureInfo.InvariantCulture);
}
