using System.Text.Json.Nodes;
using FedBus.ServiceDefaults.Storage;
using Microsoft.Extensions.DependencyInjection;
using FedBus.Contracts;
using FedBus.Imaging.Labels;
using FedBus.QualityControl.Rules;
using static FedBus.QualityControl.Tests.Samples;

namespace FedBus.QualityControl.Tests.Service;

/// <summary>The service end to end on its in-memory bus: submissions in, verdicts out, reasons in the API.</summary>
public sealed class QcServiceTests(QcServiceTests.Host host) : IClassFixture<QcServiceTests.Host>
{
    public sealed class Host() : QcHost(new Dictionary<string, string?>
    {
        ["FedBus:QualityControl:Models:brain-seg:StructureExpected"] = "true",
        ["FedBus:QualityControl:DriftMinimumLabels"] = "2",
    });

    private static readonly MaskLabel Brain4 = Mask("0000", "0110", "0110", "0000");

    [Fact]
    public async Task A_correct_mask_is_accepted_with_its_consensus_label_stored_in_canonical_form()
    {
        var task = Guid.NewGuid();
        // Submitted as RLE: the case's label is the canonical PNG of the same mask.
        var submission = Submissions.For(task, "dr-a", Brain4, TaskKind.Segmentation, Samples.Brain, modelId: "brain-seg");
        var rle = LabelCodec.EncodeRle(Brain4);
        var blob = await host.Blobs.PutAsync(rle.Bytes);
        await host.PublishAsync(submission with { LabelBlobSha256 = blob.Sha256, LabelMediaType = rle.MediaType });

        var accepted = await host.Events.WaitForAsync<AnnotationAccepted>(a => a.TaskId == task);

        Assert.Equal(QcIds.CaseOf(task), accepted.CaseId);
        Assert.Equal(LabelMediaTypes.MaskPng, accepted.LabelMediaType);
        Assert.Equal(Brain4, LabelCodec.Decode(await host.Blobs.ReadAllBytesAsync(accepted.LabelBlobSha256), accepted.LabelMediaType));
        var view = await host.GetJsonAsync($"/qc/cases/{accepted.CaseId}");
        Assert.Equal("Accepted", view["state"]!.GetValue<string>());
        Assert.Equal(accepted.LabelBlobSha256, view["labelBlobSha256"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_one_based_label_and_a_class_11_label_are_rejected_with_their_reasons_visible_in_the_API()
    {
        var oneBased = Guid.NewGuid();
        var classEleven = Guid.NewGuid();
        await host.SubmitAsync(Submissions.For(oneBased, "dr-a", Brain4, TaskKind.Segmentation, Samples.Brain, modelId: "brain-seg"),
            Mask("1111", "1221", "1221", "1111"));
        await host.SubmitAsync(Submissions.For(classEleven, "dr-b", Class(11), TaskKind.Classification, FiveClasses, modelId: "tumour-class"), Class(11));

        var first = await host.Events.WaitForAsync<AnnotationRejected>(r => r.TaskId == oneBased);
        var second = await host.Events.WaitForAsync<AnnotationRejected>(r => r.TaskId == classEleven);
        Assert.Equal(QcCodes.OneBasedLabels, Assert.Single(first.Reasons).Code);
        Assert.Equal(QcCodes.ClassOutOfRange, Assert.Single(second.Reasons).Code);

        var verdicts = (await host.GetJsonAsync($"/qc/tasks/{oneBased}"))["verdicts"]!.AsArray();
        var verdict = Assert.Single(verdicts)!;
        Assert.Equal("Rejected", verdict["outcome"]!.GetValue<string>());
        Assert.Equal(QcCodes.OneBasedLabels, verdict["findings"]![0]!["code"]!.GetValue<string>());
        Assert.Equal("Error", verdict["findings"]![0]!["severity"]!.GetValue<string>());
        Assert.Contains("counts classes from 1", verdict["findings"]![0]!["message"]!.GetValue<string>(), StringComparison.Ordinal);

        var eleven = (await host.GetJsonAsync($"/qc/tasks/{classEleven}"))["verdicts"]![0]!["findings"]![0]!;
        Assert.Equal(QcCodes.ClassOutOfRange, eleven["code"]!.GetValue<string>());
        Assert.Contains("Class 11 is not in this task's list of 5 classes", eleven["message"]!.GetValue<string>(), StringComparison.Ordinal);

        var rejections = (await host.GetJsonAsync("/qc/rejections")).AsArray();
        var all = rejections.Single(r => r!["modelId"] is null)!;
        Assert.True(all["rejectedByReason"]![QcCodes.OneBasedLabels]!.GetValue<long>() >= 1);
        Assert.True(all["rejectedByReason"]![QcCodes.ClassOutOfRange]!.GetValue<long>() >= 1);
    }

    [Fact]
    public async Task An_empty_mask_is_rejected_for_a_model_whose_images_all_show_the_structure()
    {
        var task = Guid.NewGuid();
        await host.SubmitAsync(Submissions.For(task, "dr-a", Brain4, TaskKind.Segmentation, Samples.Brain, modelId: "brain-seg"), Filled(4, 4, 0));

        Assert.Equal(QcCodes.EmptyMask, Assert.Single((await host.Events.WaitForAsync<AnnotationRejected>(r => r.TaskId == task)).Reasons).Code);
    }

    [Theory]
    [InlineData("0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("../../etc/passwd")]
    public async Task A_label_that_is_not_in_the_blob_store_is_rejected_as_missing(string sha256)
    {
        var task = Guid.NewGuid();
        await host.PublishAsync(Submissions.For(task, "dr-a", Class(1), TaskKind.Classification, FiveClasses) with { LabelBlobSha256 = sha256 });

        Assert.Equal(QcCodes.LabelMissing, Assert.Single((await host.Events.WaitForAsync<AnnotationRejected>(r => r.TaskId == task)).Reasons).Code);
    }

    [Fact]
    public async Task A_redelivered_submission_creates_no_second_acceptance_or_case()
    {
        var task = Guid.NewGuid();
        var submission = await host.SubmitAsync(Submissions.For(task, "dr-a", Class(2), TaskKind.Classification, FiveClasses, modelId: "tumour-class"), Class(2));
        await host.Events.WaitForAsync<AnnotationAccepted>(a => a.TaskId == task);

        // The same message again (broker redelivery), and the same submission under a new message id (a sender's retry).
        await host.PublishAsync(submission);
        await host.PublishAsync(submission with { MessageId = Guid.NewGuid() });
        // QC reviews one submission at a time and the recorder records in order: once this marker's verdict is in, both
        // repeats have been handled.
        var marker = Guid.NewGuid();
        await host.SubmitAsync(Submissions.For(marker, "dr-a", Class(1), TaskKind.Classification, FiveClasses, modelId: "tumour-class"), Class(1));
        await host.Events.WaitForAsync<AnnotationAccepted>(a => a.TaskId == marker);

        Assert.Single(host.Events.Of<AnnotationAccepted>(), a => a.TaskId == task);
        var view = await host.GetJsonAsync($"/qc/tasks/{task}");
        Assert.Single(view["verdicts"]!.AsArray());
    }

    [Fact]
    public async Task Disagreeing_double_reads_go_to_a_third_reader_and_the_consensus_is_accepted()
    {
        var task = Guid.NewGuid();
        await host.SubmitAsync(Submissions.For(task, "dr-a", Class(1), TaskKind.Classification, FiveClasses, 1, 2, modelId: "audit-model"), Class(1));
        await host.SubmitAsync(Submissions.For(task, "dr-b", Class(3), TaskKind.Classification, FiveClasses, 2, 2, modelId: "audit-model"), Class(3));

        var adjudication = await host.Events.WaitForAsync<AnnotationAdjudicationRequested>(a => a.TaskId == task);
        Assert.Equal(["dr-a", "dr-b"], adjudication.ReaderIds);

        await host.SubmitAsync(Submissions.For(task, "dr-c", Class(3), TaskKind.Classification, FiveClasses, 3, 3, modelId: "audit-model"), Class(3));
        var accepted = await host.Events.WaitForAsync<AnnotationAccepted>(a => a.TaskId == task);

        Assert.Equal(["dr-a", "dr-b", "dr-c"], accepted.ReaderIds);
        Assert.True(accepted.IsAuditSample);
        Assert.Equal(new ClassIdLabel(3), LabelCodec.Decode(await host.Blobs.ReadAllBytesAsync(accepted.LabelBlobSha256), accepted.LabelMediaType));

        var agreement = await host.GetJsonAsync("/qc/agreement?modelId=audit-model");
        var readers = agreement["readers"]!.AsArray().ToDictionary(r => r!["readerId"]!.GetValue<string>(), r => r!["meanAgreement"]!.GetValue<double>());
        Assert.Equal(0.0, readers["dr-a"]);
        Assert.Equal(1.0, readers["dr-b"]);
        Assert.Equal(1.0, readers["dr-c"]);
        var pair = Assert.Single(agreement["pairs"]!.AsArray())!;
        Assert.Equal(("dr-a", "dr-b", 1L, 0L), (pair["readerA"]!.GetValue<string>(), pair["readerB"]!.GetValue<string>(), pair["tasks"]!.GetValue<long>(), pair["agreed"]!.GetValue<long>()));
    }

    [Fact]
    public async Task A_site_administrator_withdraws_an_accepted_case_once_with_a_reason()
    {
        var task = Guid.NewGuid();
        await host.SubmitAsync(Submissions.For(task, "dr-a", Class(4), TaskKind.Classification, FiveClasses, modelId: "withdraw-model"), Class(4));
        var accepted = await host.Events.WaitForAsync<AnnotationAccepted>(a => a.TaskId == task);
        var path = $"/qc/cases/{accepted.CaseId}/withdraw";

        Assert.Equal(400, (await host.PostJsonAsync(path, new { reason = "" }, "admin-1")).Status);
        Assert.Equal(401, (await host.PostJsonAsync(path, new { reason = "wrong patient" }, null)).Status);
        Assert.Equal(404, (await host.PostJsonAsync($"/qc/cases/{Guid.NewGuid()}/withdraw", new { reason = "x" }, "admin-1")).Status);

        var (status, body) = await host.PostJsonAsync(path, new { reason = "wrong patient" }, "admin-1");
        Assert.Equal(200, status);
        Assert.Equal("Withdrawn", body!["state"]!.GetValue<string>());
        var withdrawn = await host.Events.WaitForAsync<CaseWithdrawn>(w => w.CaseId == accepted.CaseId);
        Assert.Equal(QcIds.Withdrawn(accepted.CaseId), withdrawn.MessageId);
        Assert.Equal("Withdrawn by admin-1: wrong patient", Assert.Single(withdrawn.Reasons).Message);

        // A client's retry: the same answer, no second event (a later event proves the retry was handled).
        Assert.Equal(200, (await host.PostJsonAsync(path, new { reason = "wrong patient" }, "admin-1")).Status);
        var marker = Guid.NewGuid();
        await host.SubmitAsync(Submissions.For(marker, "dr-a", Class(1), TaskKind.Classification, FiveClasses, modelId: "withdraw-model"), Class(1));
        await host.Events.WaitForAsync<AnnotationAccepted>(a => a.TaskId == marker);
        Assert.Single(host.Events.Of<CaseWithdrawn>(), w => w.CaseId == accepted.CaseId);
    }

    [Fact]
    public async Task Drift_from_the_federations_class_distribution_is_visible_in_the_API()
    {
        foreach (var c in new[] { 0, 0, 0 })
        {
            var task = Guid.NewGuid();
            await host.SubmitAsync(Submissions.For(task, "dr-a", Class(c), TaskKind.Classification, FiveClasses, modelId: "drift-model"), Class(c));
            await host.Events.WaitForAsync<AnnotationAccepted>(a => a.TaskId == task);
        }
        await host.PublishAsync(new FederationStatisticsPublished(Guid.NewGuid(), DateTimeOffset.UtcNow, "drift-model", 4,
            [new ClassCount(0, 50), new ClassCount(1, 50), new ClassCount(2, 50)]));

        JsonNode? drift = null;
        for (var i = 0; i < 200 && drift is null; i++, await Task.Delay(50))
            drift = (await host.GetJsonAsync("/qc/drift")).AsArray().FirstOrDefault(d =>
                d!["assessment"]!["modelId"]!.GetValue<string>() == "drift-model" && d["assessment"]!["federationLabels"]!.GetValue<long>() > 0);

        Assert.NotNull(drift);
        // Site (1, 0, 0) against the federation's (⅓, ⅓, ⅓): m = (⅔, ⅙, ⅙), JSD = ½·log2(3/2) + ½·(−⅓ + ⅔) ≈ 0.459 bits.
        Assert.Equal(0.459, drift["assessment"]!["divergence"]!.GetValue<double>(), 3);
        Assert.True(drift["assessment"]!["drifting"]!.GetValue<bool>());
        Assert.Equal(QcCodes.ClassDistributionDrift, drift["assessment"]!["flag"]!["code"]!.GetValue<string>());
        Assert.Contains("normal is in", drift["assessment"]!["flag"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Federation_statistics_of_one_model_arriving_together_keep_the_newest_and_leave_the_store_usable()
    {
        // The first snapshot of a model inserts its document: taken concurrently, two inserts collided and the failed
        // one's rollback broke the LiteDB store for every later write.
        var modelId = "fed-" + Guid.NewGuid().ToString("N")[..8];
        var at = DateTimeOffset.UtcNow;
        var snapshots = Enumerable.Range(1, 8)
            .Select(i => new FederationStatisticsPublished(Guid.NewGuid(), at.AddSeconds(i), modelId, i, [new ClassCount(0, i), new ClassCount(1, 10 * i)]))
            .ToList();
        await Task.WhenAll(snapshots.Select(s => host.PublishAsync(s)));

        var store = host.Services.GetRequiredService<FedBus.QualityControl.Service.QcStore>();
        Stored<FederationStatisticsPublished>? stored = null;
        for (var i = 0; i < 200 && stored?.Document.ReportingSites != 8; i++, await Task.Delay(50))
            stored = await store.Federation.GetAsync(modelId);
        Assert.Equal(8, stored?.Document.ReportingSites);

        // The store still takes writes: a submission after the burst gets its verdict.
        var task = Guid.NewGuid();
        await host.SubmitAsync(Submissions.For(task, "dr-a", Brain4, TaskKind.Segmentation, Samples.Brain, modelId: "brain-seg"), Brain4);
        await host.Events.WaitForAsync<AnnotationAccepted>(a => a.TaskId == task);
        var health = await host.GetJsonAsync("/health");
        Assert.Equal("Healthy", health["checks"]!["document-store"]!["status"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(QualityControlServiceExtensions.OpenApiPath)]
    [InlineData(QualityControlServiceExtensions.PrefixedOpenApiPath)]
    public async Task The_service_serves_its_own_OpenAPI_document_with_the_qc_routes(string path)
    {
        var document = await host.GetJsonAsync(path);

        var paths = document["paths"]!.AsObject().Select(p => p.Key).ToList();
        Assert.Contains("/qc/tasks/{taskId}", paths);
        Assert.Contains("/qc/cases/{caseId}/withdraw", paths);
        Assert.Contains("/qc/agreement", paths);
        Assert.All(paths, p => Assert.StartsWith("/qc/", p, StringComparison.Ordinal));
    }
}
