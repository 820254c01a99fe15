using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using FedBus.BrainMri;
using FedBus.Dicom;
using FedBus.Inference.Tests.Support;
using FedBus.Learning;

namespace FedBus.Loop.Tests;

/// <summary>
/// The loop of issue 8 over a real RabbitMQ, each service its own process: storescu sends real DICOM to ingestion,
/// inference runs the model the hub published, annotation-request opens tasks (triage threshold 0: every result
/// opens one), a radiologist works through the gateway's worklist API, QC accepts or returns each label.
/// </summary>
public sealed class RadiologistLoopOverRabbitMqTests(LoopSite site) : IClassFixture<LoopSite>
{
    private const string Reader = "dr-loop";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [Fact]
    public async Task A_study_sent_by_storescu_becomes_tasks_whose_correct_label_is_accepted_and_shifted_or_out_of_range_labels_come_back_with_reasons_while_foreign_instances_are_skipped()
    {
        using var http = site.Client(Reader);
        TorchRuntime.Initialize(1);
        await site.Hub.Publish(SegmentationModel.Version1(LoopSite.TaskName));
        await Eventually(async () => (await http.GetStringAsync("/inference/models")).Replace(" ", "", StringComparison.Ordinal),
            models => models.Contains("\"version\":1", StringComparison.Ordinal), "inference to adopt model version 1");

        // First what the model cannot take: a colour JPEG (img2dcm), an RT plan (no pixels), a CT — then the MR study.
        var foreign = TestDicom.NewUid();
        using var scratch = new TempDirectory();
        var colour = TestDicom.ColourJpeg(scratch);
        var colourStudy = DicomFile.Parse(colour).Dataset.GetString(DicomTag.StudyInstanceUID)!;
        var (rtPlan, ct) = (TestDicom.RtPlan(foreign), TestDicom.CtSlice(foreign));
        Send("foreign", colour, rtPlan, ct);

        var study = TestDicom.NewUid();
        var slices = new[] { 20, 40, 60 }.Select(i => BrainMriDataset.Shared.TestSplit()[i % 91]).ToArray();
        Send("mr", slices.Select(s => TestDicom.MrSlice(0, study, pixels: s.Image)).ToArray());

        var skipped = await Eventually(async () => (await Skips(colourStudy)).Concat(await Skips(foreign)).ToList(),
            all => all.Count == 3, "the three foreign instances to be skipped");
        string ReasonOf(byte[] file) => skipped.Single(s => s.SopInstanceUid == Sop(file)).Reason.Code;
        Assert.Equal("colour", ReasonOf(colour));
        Assert.Equal("wrong-modality", ReasonOf(rtPlan));
        Assert.Equal("wrong-modality", ReasonOf(ct));
        Assert.All(skipped, s => Assert.False(string.IsNullOrWhiteSpace(s.Reason.Message)));

        // The services kept serving: the MR study after the foreign one becomes three segmentation tasks.
        var page = await Eventually(() => http.GetFromJsonAsync<JsonElement>($"/annotations/tasks?study={study}"),
            p => p.GetProperty("total").GetInt32() == 3, "three tasks in the worklist");
        var tasks = page.GetProperty("items").EnumerateArray().ToList();
        Assert.All(tasks, t => Assert.Equal("segmentation", t.GetProperty("kind").GetString()));

        // Each task's image is one of the slices; the radiologist labels by the slice's ground truth.
        var views = new List<JsonElement>();
        foreach (var t in tasks)
        {
            var id = t.GetProperty("taskId").GetGuid();
            var claim = await http.PostAsync($"/annotations/tasks/{id}/claim", null);
            Assert.True(claim.IsSuccessStatusCode, await claim.Content.ReadAsStringAsync());
            var view = await claim.Content.ReadFromJsonAsync<JsonElement>(Json);
            Assert.Contains(view.GetProperty("openedBecause").EnumerateArray(), r => r.GetProperty("code").GetString() == "uncertainty");
            views.Add(view);
        }
        var images = views.Select(v => v.GetProperty("image")).ToList();
        Assert.All(images, i => Assert.Equal(BrainMriDataset.Size, i.GetProperty("rows").GetInt32()));

        var mask = (int index) => slices[index].BrainMask;
        var correct = mask(0);
        var oneBased = mask(1).Select(v => (byte)(v + 1)).ToArray();
        var classEleven = mask(2).ToArray();
        for (var i = 0; i < classEleven.Length; i += 97) classEleven[i] = 11;

        var accepted = views[0].GetProperty("taskId").GetGuid();
        var shifted = views[1].GetProperty("taskId").GetGuid();
        var outOfRange = views[2].GetProperty("taskId").GetGuid();
        await Submit(http, accepted, correct);
        await Submit(http, shifted, oneBased);
        await Submit(http, outOfRange, classEleven);

        var acceptedView = await Eventually(() => GetTask(http, accepted), v => Status(v) == "accepted", "the correct label to be accepted");
        Assert.Empty(acceptedView.GetProperty("qcReasons").EnumerateArray());

        var shiftedView = await Eventually(() => GetTask(http, shifted), v => ReaderState(v) == "returned", "the 1-based label to come back");
        Assert.Contains(shiftedView.GetProperty("qcReasons").EnumerateArray(), r => r.GetProperty("code").GetString() == "one-based-labels");
        var outOfRangeView = await Eventually(() => GetTask(http, outOfRange), v => ReaderState(v) == "returned", "the class-11 label to come back");
        var reason = Assert.Single(outOfRangeView.GetProperty("qcReasons").EnumerateArray(), r => r.GetProperty("code").GetString() == "class-out-of-range");
        Assert.Contains("11", reason.GetProperty("message").GetString(), StringComparison.Ordinal);

        // The reader resubmits the returned 1-based read correctly: accepted.
        await Submit(http, shifted, mask(1));
        await Eventually(() => GetTask(http, shifted), v => Status(v) == "accepted", "the corrected resubmission to be accepted");

        // QC's own API counts the rejections by reason.
        var rejections = await http.GetStringAsync("/qc/rejections");
        Assert.Contains("one-based-labels", rejections, StringComparison.Ordinal);
        Assert.Contains("class-out-of-range", rejections, StringComparison.Ordinal);

        // Nothing failed on the way: every _error queue of the site's virtual host is empty (or was never declared).
        var queues = await site.QueuesAsync();
        Assert.Contains(queues, q => q.Name.Contains("annotation-submitted", StringComparison.Ordinal));
        Assert.All(queues.Where(q => q.Name.EndsWith("_error", StringComparison.Ordinal)), q => Assert.Equal(0, q.Messages));
    }

    private void Send(string name, params byte[][] files)
    {
        var folder = Directory.CreateDirectory(Path.Combine(site.Scratch, "send-" + name)).FullName;
        var paths = files.Select((f, i) =>
        {
            var path = Path.Combine(folder, $"{i}.dcm");
            File.WriteAllBytes(path, f);
            return path;
        });
        // -xy: propose JPEG baseline besides the uncompressed syntaxes (the colour JPEG is sent as it is, not converted).
        Dcmtk.Run("storescu", ["-xy", "-aec", LoopSite.AeTitle, "127.0.0.1", site.DicomPort.ToString(System.Globalization.CultureInfo.InvariantCulture), .. paths]);
    }

    private async Task<List<FedBus.Contracts.InferenceSkipped>> Skips(string studyUid)
    {
        using var http = site.Client(Reader);
        var response = await http.GetAsync($"/inference/studies/{studyUid}/skipped");
        if (response.StatusCode == HttpStatusCode.NotFound) return [];
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<List<FedBus.Contracts.InferenceSkipped>>(Json) ?? [];
    }

    private static async Task Submit(HttpClient http, Guid taskId, byte[] mask)
    {
        using var body = new StringContent(MaskRle.Encode(BrainMriDataset.Size, BrainMriDataset.Size, mask), Encoding.UTF8);
        body.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(MaskRle.MediaType);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/annotations/tasks/{taskId}/submissions") { Content = body };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
        var response = await http.SendAsync(request);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    private static Task<JsonElement> GetTask(HttpClient http, Guid taskId) =>
        http.GetFromJsonAsync<JsonElement>($"/annotations/tasks/{taskId}", Json);

    private static string? Status(JsonElement view) => view.GetProperty("status").GetString();

    private static string? ReaderState(JsonElement view) => view.GetProperty("readerState").GetString();

    private static string Sop(byte[] file) => DicomFile.Parse(file).Dataset.GetString(DicomTag.SOPInstanceUID)!;

    private async Task<T> Eventually<T>(Func<Task<T>> probe, Func<T, bool> done, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            var value = await probe();
            if (done(value)) return value;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Waited 60 s for {what}; last seen: {value}\n{site.Transcripts()}");
            await Task.Delay(200);
        }
    }
}
