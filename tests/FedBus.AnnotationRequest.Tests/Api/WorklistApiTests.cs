using System.Net.Http.Json;
using System.Text.Json;
using FedBus.AnnotationRequest.Persistence;
using FedBus.AnnotationRequest.Tasks;
using FedBus.AnnotationRequest.Tests.Support;
using FedBus.AnnotationRequest.Worklist;
using FedBus.Contracts;
using FedBus.Imaging.Labels;
using FedBus.Testing;

namespace FedBus.AnnotationRequest.Tests.Api;

public sealed class WorklistApiTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly AnnotationHost _host;

    public WorklistApiTests()
    {
        _host = new AnnotationHost(_folder.Path);
    }

    public void Dispose()
    {
        _host.Dispose();
        _folder.Dispose();
    }

    [Fact]
    public async Task A_task_opened_for_an_uncertain_result_is_in_the_readers_worklist_with_its_reasons_and_counts()
    {
        var created = await _host.OpenTaskAsync(triageScore: 0.83);

        var page = await _host.Reader("dr-a").WorklistAsync();

        var item = Assert.Single(page.Items);
        Assert.Equal((created.TaskId, ReaderViews.Available, "segmentation"), (item.TaskId, item.ReaderState, item.Kind));
        Assert.Equal(0.83, item.Priority, 9);
        Assert.Equal(["uncertainty"], item.OpenedBecause.Select(r => r.Code));
        Assert.Equal(AnnotationHost.Start, item.OpenedAt);
        Assert.Equal(1, page.Total);
        Assert.Equal(1, page.Counts.ByReaderState[ReaderViews.Available]);
        Assert.Equal(1, page.Counts.ByKind["segmentation"]);
        Assert.Equal(1, page.Counts.ByReason["uncertainty"]);
    }

    [Fact]
    public async Task The_worklist_is_ordered_by_priority_and_filtered_by_kind_state_reason_and_study()
    {
        var low = await _host.OpenTaskAsync(triageScore: 0.6);
        var high = await _host.OpenTaskAsync(triageScore: 0.95, image: Results.Image(series: "9.9"));
        var flagged = await _host.PredictionAsync(triageScore: 0.2, flags: [new QcFlag("mask-empty", "The mask is empty.")], kind: TaskKind.Classification);
        await _host.PublishAsync(flagged with { Image = flagged.Image with { StudyInstanceUid = "7.7.7" } });
        var flaggedTask = await _host.Published.WaitForAsync<AnnotationTaskCreated>(c => c.PredictionId == flagged.PredictionId);
        var reader = _host.Reader("dr-a");
        await reader.ClaimedAsync(low.TaskId);

        var all = await reader.WorklistAsync();
        Assert.Equal([high.TaskId, flaggedTask.TaskId, low.TaskId], all.Items.Select(i => i.TaskId));
        Assert.Equal(2, all.Counts.ByReaderState[ReaderViews.Available]);
        Assert.Equal(1, all.Counts.ByReaderState[ReaderViews.Claimed]);

        Assert.Equal([flaggedTask.TaskId], (await reader.WorklistAsync("?kind=classification")).Items.Select(i => i.TaskId));
        Assert.Equal([low.TaskId], (await reader.WorklistAsync("?state=claimed")).Items.Select(i => i.TaskId));
        Assert.Equal([flaggedTask.TaskId], (await reader.WorklistAsync("?reason=qc")).Items.Select(i => i.TaskId));
        Assert.Equal([flaggedTask.TaskId], (await reader.WorklistAsync("?reason=qc:mask-empty")).Items.Select(i => i.TaskId));
        Assert.Equal([flaggedTask.TaskId], (await reader.WorklistAsync("?study=7.7.7")).Items.Select(i => i.TaskId));
        var second = await reader.WorklistAsync("?limit=1&offset=1");
        Assert.Equal([flaggedTask.TaskId], second.Items.Select(i => i.TaskId));
        Assert.Equal(3, second.Total);
        // Another reader cannot take what dr-a holds.
        Assert.DoesNotContain(low.TaskId, (await _host.Reader("dr-b").WorklistAsync()).Items.Select(i => i.TaskId));
    }

    [Fact]
    public async Task Fetching_a_task_gives_the_image_links_the_prefill_with_its_media_type_and_the_class_list()
    {
        var image = Results.Image(series: "1.2.3.4", instance: 17, frame: 2, rows: 8, columns: 6);
        var created = await _host.OpenTaskAsync(image: image);
        var reader = _host.Reader("dr-a");

        var view = await reader.TaskAsync(created.TaskId);

        var instance = $"/dicomweb/studies/1.2.3/series/1.2.3.4/instances/1.2.3.4.17";
        Assert.Equal($"{instance}/frames/2/rendered", view.Image.RenderedUrl);
        Assert.Equal($"{instance}/frames/2", view.Image.PixelDataUrl);
        Assert.Equal($"{instance}/metadata", view.Image.MetadataUrl);
        Assert.Equal((8, 6, 17), (view.Image.Rows, view.Image.Columns, view.Image.InstanceNumber));
        Assert.Equal(["background", "brain"], view.ClassNames);
        Assert.Equal(ReaderViews.Available, view.ReaderState);
        Assert.Null(view.MyRead);

        var prefill = await reader.GetAsync(view.Prefill.Url);
        await prefill.ExpectAsync(200);
        Assert.Equal(LabelMediaTypes.MaskPng, prefill.Content.Headers.ContentType?.MediaType);
        Assert.Equal(Labels.MaskPng(8, 6, fill: 1), await prefill.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Claim_then_submit_a_mask_as_rle_stores_it_as_png_and_publishes_everything_qc_needs()
    {
        var created = await _host.OpenTaskAsync();
        var reader = _host.Reader("dr-a");
        var claimed = await reader.ClaimedAsync(created.TaskId);
        Assert.Equal((ReaderViews.Claimed, 1), (claimed.ReaderState, claimed.MyRead!.ReadNumber));
        Assert.Equal(AnnotationHost.Start.AddMinutes(30), claimed.MyRead.LeaseUntil);

        var mask = Labels.Mask(8, 6, fill: 1);
        var receipt = await reader.SubmittedAsync(created.TaskId, LabelCodec.EncodeRle(mask).Bytes, LabelMediaTypes.MaskRle);

        var submitted = await _host.Published.WaitForAsync<AnnotationSubmitted>(s => s.TaskId == created.TaskId);
        Assert.Equal((receipt.SubmissionId, "dr-a", 1, 1, false), (submitted.SubmissionId, submitted.ReaderId, submitted.ReadNumber, submitted.RequiredReads, submitted.IsAuditSample));
        Assert.Equal(LabelMediaTypes.MaskPng, submitted.LabelMediaType);
        Assert.Equal(created.PrefillBlobSha256, submitted.PrefillBlobSha256);
        Assert.Equal(created.Image, submitted.Image);
        Assert.Equal(["uncertainty"], submitted.OpenedBecause);
        Assert.Equal(mask, LabelCodec.DecodeMaskPng(await _host.Blobs.ReadAllBytesAsync(submitted.LabelBlobSha256)));
        Assert.Equal("awaiting-qc", receipt.TaskStatus);

        var label = await reader.GetAsync(receipt.LabelUrl);
        await label.ExpectAsync(200);
        Assert.Equal(LabelMediaTypes.MaskPng, label.Content.Headers.ContentType?.MediaType);
        var other = await _host.Reader("dr-b").GetAsync(receipt.LabelUrl);
        Assert.Equal((403, "not-your-label"), await other.StatusAndCodeAsync());
    }

    [Fact]
    public async Task A_class_or_boxes_label_is_stored_without_the_models_probabilities_or_scores()
    {
        var classTask = await _host.OpenTaskAsync(kind: TaskKind.Classification);
        var boxTask = await _host.OpenTaskAsync(kind: TaskKind.Detection);
        var reader = _host.Reader("dr-a");
        await reader.ClaimedAsync(classTask.TaskId);
        await reader.ClaimedAsync(boxTask.TaskId);

        var c = await reader.SubmittedAsync(classTask.TaskId, """{"classId":1,"probabilities":[0.2,0.8]}"""u8.ToArray(), LabelMediaTypes.ClassJson);
        var b = await reader.SubmittedAsync(boxTask.TaskId, """{"boxes":[{"x0":1,"y0":2,"x1":4,"y1":5,"classId":1,"score":0.9}]}"""u8.ToArray(), LabelMediaTypes.BoxesJson);

        Assert.Equal(new ClassIdLabel(1), LabelCodec.DecodeClass(await _host.Blobs.ReadAllBytesAsync(c.LabelBlobSha256)));
        Assert.Equal(new BoxesLabel([new LabelBox(1, 2, 4, 5, 1)]), LabelCodec.DecodeBoxes(await _host.Blobs.ReadAllBytesAsync(b.LabelBlobSha256)));
    }

    [Fact]
    public async Task A_retried_submission_with_the_same_idempotency_key_makes_no_second_read()
    {
        var created = await _host.OpenTaskAsync();
        var reader = _host.Reader("dr-a");
        await reader.ClaimedAsync(created.TaskId);
        var body = Labels.MaskPng(8, 6);

        var first = await reader.SubmitAsync(created.TaskId, body, LabelMediaTypes.MaskPng, "key-1");
        var retry = await reader.SubmitAsync(created.TaskId, body, LabelMediaTypes.MaskPng, "key-1");
        var reused = await reader.SubmitAsync(created.TaskId, Labels.MaskPng(8, 6, fill: 0), LabelMediaTypes.MaskPng, "key-1");

        await first.ExpectAsync(201);
        await retry.ExpectAsync(200);
        Assert.Equal("true", retry.Headers.GetValues(WorklistEndpoints.ReplayedHeader).Single());
        var a = await first.Content.ReadFromJsonAsync<SubmissionReceipt>(Support.Api.Json);
        var b = await retry.Content.ReadFromJsonAsync<SubmissionReceipt>(Support.Api.Json);
        Assert.Equal(a!.SubmissionId, b!.SubmissionId);
        Assert.True(b.Replayed);
        Assert.Equal((409, TaskCommands.IdempotencyKeyReused), await reused.StatusAndCodeAsync());
        var task = await _host.TaskAsync(created.TaskId);
        Assert.Single(Assert.Single(task!.Reads).Submissions);
        Assert.Single(await _host.Store.History.FindAsync(ServiceDefaults.Storage.DocumentFilter.Eq("readerId", "dr-a")));
    }

    public static TheoryData<string, string?, byte[], string?, string> MalformedSubmissions() => new()
    {
        { "no Content-Type", null, Labels.MaskPng(8, 6), "key", "label-format" },
        { "an empty body", LabelMediaTypes.MaskPng, [], "key", "label-format" },
        { "an unknown media type", "text/plain", "1"u8.ToArray(), "key", "label-format" },
        { "a class for a segmentation task", LabelMediaTypes.ClassJson, """{"classId":1}"""u8.ToArray(), "key", "label-format" },
        { "a mask of another size", LabelMediaTypes.MaskPng, Labels.MaskPng(6, 8), "key", "label-format" },
        { "an RLE mask of another size", LabelMediaTypes.MaskRle, """{"height":8,"width":5,"runs":[[1,40]]}"""u8.ToArray(), "key", "label-format" },
        { "runs that do not cover the mask", LabelMediaTypes.MaskRle, """{"height":8,"width":6,"runs":[[1,40]]}"""u8.ToArray(), "key", "label-format" },
        { "a truncated PNG", LabelMediaTypes.MaskPng, Labels.MaskPng(8, 6)[..30], "key", "label-format" },
        { "JSON that is not JSON", LabelMediaTypes.MaskRle, "{height:"u8.ToArray(), "key", "label-format" },
        { "no Idempotency-Key", LabelMediaTypes.MaskPng, Labels.MaskPng(8, 6), "", "idempotency-key-required" },
        { "an Idempotency-Key with spaces", LabelMediaTypes.MaskPng, Labels.MaskPng(8, 6), "a key", "idempotency-key-required" },
    };

    [Theory]
    [MemberData(nameof(MalformedSubmissions))]
    public async Task A_malformed_submission_gets_400_with_a_reason_and_nothing_is_stored(string what, string? mediaType, byte[] body, string? key, string code)
    {
        var created = await _host.OpenTaskAsync();
        var reader = _host.Reader("dr-a");
        await reader.ClaimedAsync(created.TaskId);
        var before = await _host.TaskAsync(created.TaskId);
        var blobs = _folder.FileCount("blobs");

        var response = await reader.SubmitAsync(created.TaskId, body, mediaType, key);

        var problem = await response.ProblemAsync();
        Assert.True(problem.Status == 400, $"{what}: HTTP {problem.Status}");
        Assert.Equal(code, problem.Code);
        Assert.False(string.IsNullOrWhiteSpace(problem.Detail));
        var after = await _host.TaskAsync(created.TaskId);
        Assert.Equal(before!.Revision, after!.Revision);
        Assert.Empty(Assert.Single(after.Reads).Submissions);
        Assert.Equal(blobs, _folder.FileCount("blobs"));
        Assert.Empty(_host.Published.All<AnnotationSubmitted>());
    }

    [Fact]
    public async Task A_mask_one_byte_under_the_limit_is_stored_and_one_byte_over_gets_413_with_nothing_stored()
    {
        using var folder = new TempFolder();
        using var host = new AnnotationHost(folder.Path, new Dictionary<string, string> { ["FedBus:AnnotationRequest:MaxLabelBytes"] = "2048" });
        var created = await host.OpenTaskAsync();
        var reader = host.Reader("dr-a");
        await reader.ClaimedAsync(created.TaskId);
        var blobs = folder.FileCount("blobs");
        var mask = Labels.MaskPng(8, 6);

        // Over by one: declared (refused before a byte is read) and chunked (cut off while reading).
        var declared = await reader.SubmitAsync(created.TaskId, Labels.PaddedTo(mask, 2049), LabelMediaTypes.MaskPng);
        Assert.Equal((413, "request-too-large"), await declared.StatusAndCodeAsync());
        using var chunked = new HttpRequestMessage(HttpMethod.Post, $"/annotations/tasks/{created.TaskId}/submissions") { Content = new ChunkedContent(Labels.PaddedTo(mask, 2049)) };
        chunked.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(LabelMediaTypes.MaskPng);
        chunked.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        var cut = await reader.SendAsync(chunked);
        var problem = await cut.ProblemAsync();
        Assert.Equal(413, problem.Status);
        Assert.Contains("2048", problem.Detail, StringComparison.Ordinal);
        Assert.Equal(blobs, folder.FileCount("blobs"));
        Assert.Empty(Assert.Single((await host.TaskAsync(created.TaskId))!.Reads).Submissions);
        Assert.Empty(host.Published.All<AnnotationSubmitted>());

        var receipt = await reader.SubmittedAsync(created.TaskId, Labels.PaddedTo(mask, 2047), LabelMediaTypes.MaskPng);

        var stored = Assert.IsType<MaskLabel>(LabelCodec.Decode(await host.Blobs.ReadAllBytesAsync(receipt.LabelBlobSha256), receipt.LabelMediaType));
        Assert.Equal(Enumerable.Repeat((byte)1, 8 * 6), stored.ClassIds);
    }

    [Fact]
    public async Task A_submission_without_holding_a_read_gets_409_and_nothing_is_stored()
    {
        var created = await _host.OpenTaskAsync();
        var blobs = _folder.FileCount("blobs");

        var response = await _host.Reader("dr-a").SubmitAsync(created.TaskId, Labels.MaskPng(8, 6), LabelMediaTypes.MaskPng);

        Assert.Equal((409, TaskRules.NotHolder), await response.StatusAndCodeAsync());
        Assert.Equal(blobs, _folder.FileCount("blobs"));
    }

    public static TheoryData<string, string, string?, int, string> BadRequests() => new()
    {
        { "GET", "/annotations/tasks?kind=xray", "dr-a", 400, "bad-filter" },
        { "GET", "/annotations/tasks?state=done", "dr-a", 400, "bad-filter" },
        { "GET", "/annotations/tasks?limit=0", "dr-a", 400, "bad-paging" },
        { "GET", "/annotations/tasks?limit=ten", "dr-a", 400, "bad-paging" },
        { "GET", "/annotations/history?offset=-1", "dr-a", 400, "bad-paging" },
        { "GET", "/annotations/tasks", null, 401, "unauthenticated" },
        { "GET", "/annotations/tasks", "dr a", 400, "bad-reader" },
        { "GET", "/annotations/history", null, 401, "unauthenticated" },
        { "GET", "/annotations/tasks/00000000-0000-0000-0000-000000000001", "dr-a", 404, "no-such-task" },
        { "POST", "/annotations/tasks/00000000-0000-0000-0000-000000000001/claim", "dr-a", 404, "no-such-task" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task A_bad_request_gets_its_status_and_a_reason(string method, string url, string? reader, int status, string code)
    {
        var client = reader is null ? _host.Anonymous() : _host.Reader(reader);

        var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), url));

        var problem = await response.ProblemAsync();
        Assert.Equal((status, code), (problem.Status, problem.Code));
        Assert.False(string.IsNullOrWhiteSpace(problem.Detail));
    }

    [Fact]
    public async Task A_skip_needs_a_reason_in_json_frees_the_task_for_others_and_is_published()
    {
        var created = await _host.OpenTaskAsync();
        var a = _host.Reader("dr-a");
        await a.ClaimedAsync(created.TaskId);

        Assert.Equal((400, TaskRules.ReasonRequired), await (await a.SkipAsync(created.TaskId, " ")).StatusAndCodeAsync());
        Assert.Equal((400, TaskRules.ReasonRequired), await (await a.SkipAsync(created.TaskId, null)).StatusAndCodeAsync());
        var badJson = await a.PostAsync($"/annotations/tasks/{created.TaskId}/skip", new StringContent("{reason", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal((400, "bad-json"), await badJson.StatusAndCodeAsync());

        var skipped = await a.SkipAsync(created.TaskId, "motion artefact");
        await skipped.ExpectAsync(200);

        var e = await _host.Published.WaitForAsync<AnnotationTaskSkipped>(s => s.TaskId == created.TaskId);
        Assert.Equal(("dr-a", "motion artefact"), (e.ReaderId, e.Reason));
        Assert.Empty((await a.WorklistAsync()).Items);
        Assert.Equal(ReaderViews.Available, Assert.Single((await _host.Reader("dr-b").WorklistAsync()).Items).ReaderState);
        var claimAgain = await a.ClaimAsync(created.TaskId);
        Assert.Equal((409, TaskRules.Skipped), await claimAgain.StatusAndCodeAsync());
    }

    [Fact]
    public async Task A_second_reader_cannot_claim_a_task_another_holds()
    {
        var created = await _host.OpenTaskAsync();
        await _host.Reader("dr-a").ClaimedAsync(created.TaskId);

        var response = await _host.Reader("dr-b").ClaimAsync(created.TaskId);

        Assert.Equal((409, TaskRules.NoFreeRead), await response.StatusAndCodeAsync());
    }

    [Fact]
    public async Task A_rejected_read_comes_back_to_its_reader_with_qcs_reasons_and_the_resubmission_is_accepted()
    {
        var created = await _host.OpenTaskAsync();
        var reader = _host.Reader("dr-a");
        await reader.ClaimedAsync(created.TaskId);
        var first = await reader.SubmittedAsync(created.TaskId, Labels.MaskPng(8, 6, fill: 2), LabelMediaTypes.MaskPng);

        await _host.PublishAsync(new AnnotationRejected(Guid.NewGuid(), DateTimeOffset.UtcNow, Results.Site, created.TaskId, first.SubmissionId, "dr-a",
            [new QcFlag("one-based-labels", "The labels look shifted by one: class ids start at 1, not 0.")]));

        var item = Assert.Single((await reader.WorklistAsync("?state=returned")).Items);
        Assert.Equal(["one-based-labels"], item.QcReasons.Select(r => r.Code));
        var view = await reader.TaskAsync(created.TaskId);
        Assert.Equal(ReaderViews.Returned, view.ReaderState);
        Assert.Equal("The labels look shifted by one: class ids start at 1, not 0.", Assert.Single(view.QcReasons).Message);
        Assert.Equal("rejected", Assert.Single(view.MyRead!.Submissions).Verdict);

        _host.Clock.Advance(TimeSpan.FromMinutes(3));
        var second = await reader.SubmittedAsync(created.TaskId, Labels.MaskPng(8, 6, fill: 1), LabelMediaTypes.MaskPng);
        var resubmitted = await _host.Published.WaitForAsync<AnnotationSubmitted>(s => s.SubmissionId == second.SubmissionId);
        Assert.Equal(1, resubmitted.ReadNumber);

        var caseId = Guid.NewGuid();
        await _host.PublishAsync(new AnnotationAccepted(Guid.NewGuid(), DateTimeOffset.UtcNow, Results.Site, caseId, created.TaskId, created.Task,
            created.ModelId, created.Labels, created.Image, second.LabelBlobSha256, LabelMediaTypes.MaskPng, ["dr-a"], false, []));

        var history = await reader.HistoryAsync();
        Assert.Equal([second.SubmissionId, first.SubmissionId], history.Items.Select(i => i.SubmissionId!.Value));
        Assert.Equal(["accepted", "rejected"], history.Items.Select(i => i.Verdict));
        Assert.Equal(["one-based-labels"], history.Items[1].QcReasons.Select(r => r.Code));
        Assert.All(history.Items, i => Assert.Equal(("accepted", caseId), (i.TaskStatus, i.CaseId!.Value)));
        Assert.Empty((await reader.WorklistAsync()).Items);
    }

    [Fact]
    public async Task The_history_lists_skips_with_their_reason()
    {
        var created = await _host.OpenTaskAsync();
        var reader = _host.Reader("dr-a");
        await (await reader.SkipAsync(created.TaskId, "wrong body part")).ExpectAsync(200);

        var item = Assert.Single((await reader.HistoryAsync()).Items);

        Assert.Equal(("skip", created.TaskId, "wrong body part"), (item.Kind, item.TaskId, item.Reason));
        Assert.Empty((await _host.Reader("dr-b").HistoryAsync()).Items);
    }

    [Fact]
    public async Task Cancelling_a_task_publishes_the_reason_and_takes_it_off_every_worklist()
    {
        var created = await _host.OpenTaskAsync();
        var reader = _host.Reader("dr-a");

        var response = await reader.PostAsJsonAsync($"/annotations/tasks/{created.TaskId}/cancel", new { reason = "study deleted at the PACS" });

        await response.ExpectAsync(200);
        Assert.Equal("study deleted at the PACS", (await _host.Published.WaitForAsync<AnnotationTaskCancelled>(c => c.TaskId == created.TaskId)).Reason);
        Assert.Empty((await reader.WorklistAsync()).Items);
        var again = await reader.PostAsJsonAsync($"/annotations/tasks/{created.TaskId}/cancel", new { reason = "again" });
        Assert.Equal((409, TaskRules.Closed), await again.StatusAndCodeAsync());
    }

    [Fact]
    public async Task The_openapi_document_of_this_service_lists_its_routes_and_only_its_routes()
    {
        var response = await _host.CreateClient().GetAsync("/annotations/openapi/annotations.json");

        await response.ExpectAsync(200);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var paths = doc.RootElement.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToArray();
        Assert.Contains("/annotations/tasks", paths);
        Assert.Contains("/annotations/tasks/{taskId}/submissions", paths);
        Assert.Contains("/annotations/history", paths);
        Assert.All(paths, p => Assert.StartsWith("/annotations/", p, StringComparison.Ordinal));
    }
}
