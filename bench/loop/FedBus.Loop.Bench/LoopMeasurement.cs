using System.Net.Http.Json;
using System.Text.Json;
using FedBus.Contracts;
using FedBus.Dicom;

namespace FedBus.Loop.Bench;

/// <summary>
/// Drives one site: publishes the model, then studies at a steady rate (latency: study announced → its task's
/// OpenedAt in the worklist, both stamped on this machine's clock), then a burst (throughput of inference:
/// images per second from the first announcement to the last InferenceCompleted).
/// </summary>
public sealed class LoopMeasurement(LoopSite site)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task AdoptAsync(GlobalModelPublished publication)
    {
        await site.Bus.Publish(publication);
        await Until(async () => (await site.Http.GetStringAsync("/inference/models")).Contains("\"version\":1", StringComparison.Ordinal), "model adopted");
    }

    /// <summary>Milliseconds from announcing each study to its task opening.</summary>
    public async Task<List<double>> SteadyAsync(IReadOnlyList<byte[]> studies, double perSecond)
    {
        var announced = new Dictionary<string, DateTimeOffset>();
        var start = DateTimeOffset.UtcNow;
        for (var i = 0; i < studies.Count; i++)
        {
            var due = start + TimeSpan.FromSeconds(i / perSecond);
            if (due > DateTimeOffset.UtcNow) await Task.Delay(due - DateTimeOffset.UtcNow);
            var (uid, message) = await StoreAsync(studies[i]);
            announced[uid] = DateTimeOffset.UtcNow;
            await site.Bus.Publish(message);
            if ((i + 1) % 50 == 0) Console.WriteLine($"    {site.Name}: {i + 1}/{studies.Count} studies sent");
        }
        var opened = await OpenedAsync(announced.Keys.ToHashSet());
        return announced.Select(a => (opened[a.Key] - a.Value).TotalMilliseconds).ToList();
    }

    /// <summary>
    /// Images per second through inference for a burst of studies announced at once, the site's services' CPU
    /// milliseconds per image over the same span, and the images per forward batch. While the burst runs, the bench only
    /// reads inference's batching counters (no store behind them); each study's predictions are read once the counters
    /// show every image inferred: polling them study by study during the burst cost the services 4% of their CPU.
    /// </summary>
    public async Task<(double ImagesPerSecond, double CpuMsPerImage, double MeanBatch)> BurstAsync(IReadOnlyList<byte[]> studies)
    {
        var (batchesBefore, imagesBefore) = await BatchingAsync();
        var stored = new List<(string Uid, StudyReceived Message)>();
        foreach (var s in studies) stored.Add(await StoreAsync(s));
        var cpu = site.ServiceCpuMilliseconds();
        var start = DateTimeOffset.UtcNow;
        await Task.WhenAll(stored.Select(s => site.Bus.Publish(s.Message)));
        long batchesAfter = 0, imagesAfter = 0;
        await Until(async () =>
        {
            (batchesAfter, imagesAfter) = await BatchingAsync();
            return imagesAfter - imagesBefore >= studies.Count;
        }, "burst inferred", pollEvery: TimeSpan.FromMilliseconds(100));
        // 200 ms for the last batch to be stored and announced; the bench's reads of the predictions below are not counted.
        await Task.Delay(200);
        var cpuMs = (site.ServiceCpuMilliseconds() - cpu) / studies.Count;
        var finished = new List<DateTimeOffset>();
        foreach (var (uid, _) in stored)
        {
            List<JsonElement>? predictions = null;
            await Until(async () => (predictions = await site.Http.GetFromJsonAsync<List<JsonElement>>($"/inference/studies/{uid}/predictions", Json))!.Count > 0, "burst predictions");
            finished.Add(predictions![0].GetProperty("completed").GetProperty("occurredAt").GetDateTimeOffset());
        }
        return (studies.Count / (finished.Max() - start).TotalSeconds, cpuMs, (double)(imagesAfter - imagesBefore) / Math.Max(1, batchesAfter - batchesBefore));
    }

    /// <summary>Batches and images inference has run so far (its /inference/batching counters).</summary>
    private async Task<(long Batches, long Images)> BatchingAsync()
    {
        var tasks = await site.Http.GetFromJsonAsync<List<JsonElement>>("/inference/batching", Json);
        return (tasks!.Sum(t => t.GetProperty("batches").GetInt64()), tasks!.Sum(t => t.GetProperty("images").GetInt64()));
    }

    private async Task<(string Uid, StudyReceived Message)> StoreAsync(byte[] part10)
    {
        var blob = await site.Blobs.PutAsync(part10);
        var file = DicomFile.Parse(part10);
        var ds = file.Dataset;
        var study = ds.GetString(DicomTag.StudyInstanceUID)!;
        var instance = new ReceivedInstance(ds.GetString(DicomTag.SOPInstanceUID)!, ds.GetString(DicomTag.SOPClassUID)!, file.TransferSyntax.Uid,
            blob.Sha256, part10.Length, 128, 128, 1, null);
        return (study, new StudyReceived(Guid.NewGuid(), DateTimeOffset.UtcNow, LoopSite.SiteId, study, null, "BENCH",
            [new ReceivedSeries(ds.GetString(DicomTag.SeriesInstanceUID)!, "MR", null, null, [instance])]));
    }

    private async Task<Dictionary<string, DateTimeOffset>> OpenedAsync(HashSet<string> studies)
    {
        var opened = new Dictionary<string, DateTimeOffset>();
        await Until(async () =>
        {
            for (var offset = 0; ; offset += 500)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, $"/annotations/tasks?limit=500&offset={offset}");
                request.Headers.Add("X-FedBus-Reader", "bench");
                using var response = await site.Http.SendAsync(request);
                response.EnsureSuccessStatusCode();
                var page = await response.Content.ReadFromJsonAsync<JsonElement>(Json);
                var items = page.GetProperty("items").EnumerateArray().ToList();
                foreach (var item in items)
                {
                    var uid = item.GetProperty("studyInstanceUid").GetString()!;
                    if (studies.Contains(uid)) opened[uid] = item.GetProperty("openedAt").GetDateTimeOffset();
                }
                if (items.Count < 500) break;
            }
            return studies.All(opened.ContainsKey);
        }, "every task open", TimeSpan.FromMinutes(10));
        return opened;
    }

    private static async Task Until(Func<Task<bool>> done, string what, TimeSpan? timeout = null, TimeSpan? pollEvery = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromMinutes(5));
        while (!await done())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Timed out waiting for {what}.");
            await Task.Delay(pollEvery ?? TimeSpan.FromMilliseconds(250));
        }
    }
}
