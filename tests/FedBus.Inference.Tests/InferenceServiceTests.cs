using System.Net;
using System.Net.Http.Json;
using FedBus.Contracts;
using FedBus.Imaging.Input;
using FedBus.Imaging.Labels;
using FedBus.Inference.Http;
using FedBus.Inference.Studies;
using FedBus.Inference.Tests.Support;
using FedBus.Learning.Signals;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace FedBus.Inference.Tests;

/// <summary>The service in-process on the in-memory bus: predictions, records, redelivery, the HTTP API, model publications.</summary>
[Collection(ModelsCollection.Name)]
public sealed class InferenceServiceTests(TrainedModels models) : IAsyncLifetime
{
    private readonly InferenceHost host = new();

    public async Task InitializeAsync()
    {
        _ = host.Services;
        await host.PublishModelAsync(models.ClassifierPublication(version: 1, publication: 1), "brain-level");
        await host.PublishModelAsync(models.SegmenterPublication(version: 1, publication: 1), "brain-extraction");
    }

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task Every_MR_slice_gets_a_prediction_per_task_naming_the_model_version_with_its_label_at_the_image_size()
    {
        var studyUid = TestDicom.NewUid();
        var wide = Enumerable.Range(0, 96 * 128).Select(i => (float)Math.Abs(Math.Sin(i * 0.01))).ToArray();
        var study = await host.StudyAsync(studyUid, ("MR", TestDicom.MrSlice(10, studyUid)), ("MR", TestDicom.MrSlice(40, studyUid)),
            ("MR", TestDicom.MrSlice(0, studyUid, pixels: wide, rows: 96, columns: 128)));

        await host.Bus.Publish(study);
        await host.Events.WaitUntilAsync(e => e.CompletedOf(studyUid).Count == 6, what: "6 predictions");

        var completed = host.Events.CompletedOf(studyUid);
        Assert.Empty(host.Events.SkippedOf(studyUid));
        Assert.All(completed, c =>
        {
            Assert.Equal(1, c.ModelVersion);
            Assert.Equal(1, c.Image.Frame);
            Assert.Equal("site-test", c.SiteId);
            Assert.InRange(c.TriageScore, 0, 1);
            Assert.Contains(c.Signals, s => s.Name == TriageSignals.ImageDistance);
            Assert.Contains(c.Signals, s => s.Name == TriageSignals.DisagreementName(ImageVariant.Mirrored));
            Assert.Equal(4, c.Uncertainty.McDropoutPasses);
        });
        foreach (var c in completed.Where(c => c.Task == TaskKind.Segmentation))
        {
            var mask = LabelCodec.DecodeMaskPng(await host.Blobs.ReadAllBytesAsync(c.PredictionBlobSha256));
            Assert.Equal((c.Image.Rows, c.Image.Columns), (mask.Height, mask.Width));
            Assert.Equal(LabelMediaTypes.MaskPng, c.PredictionMediaType);
        }
        Assert.Contains(completed, c => c.Task == TaskKind.Segmentation && c.Image.Rows == 96 && c.Image.Columns == 128);
        foreach (var c in completed.Where(c => c.Task == TaskKind.Classification))
        {
            var classes = LabelCodec.DecodeClass(await host.Blobs.ReadAllBytesAsync(c.PredictionBlobSha256));
            Assert.Equal(4, classes.Probabilities!.Count);
            Assert.Equal(models.ClassifierLabels.ClassNames, c.Labels.ClassNames);
        }

        var http = host.CreateClient();
        var one = completed[0];
        var record = await http.GetFromJsonAsync<PredictionRecord>($"/inference/predictions/{one.PredictionId}", InferenceHost.Json);
        Assert.Equal(one.MessageId, record!.Completed.MessageId);
        Assert.Equal(1, record.ModelPublication);
        var label = await http.GetAsync($"/inference/predictions/{one.PredictionId}/label");
        Assert.Equal(one.PredictionMediaType, label.Content.Headers.ContentType!.MediaType);
        Assert.Equal(6, (await http.GetFromJsonAsync<List<PredictionRecord>>($"/inference/studies/{studyUid}/predictions", InferenceHost.Json))!.Count);
        var missing = await http.GetAsync($"/inference/predictions/{Guid.NewGuid()}");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Contains("No prediction", await missing.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_redelivered_study_creates_no_second_prediction()
    {
        var counter = new DeliveryCounter();
        using var observer = host.Bus.ConnectConsumeObserver(counter);
        var studyUid = TestDicom.NewUid();
        var study = await host.StudyAsync(studyUid, ("MR", TestDicom.MrSlice(7, studyUid)));

        await host.Bus.Publish(study);
        await host.Bus.Publish(study);
        await counter.WaitForAsync(study.MessageId, deliveries: 2, TimeSpan.FromMinutes(2));
        await host.Events.WaitUntilAsync(e => e.CompletedOf(studyUid).Count >= 2);

        Assert.Equal(2, host.Events.CompletedOf(studyUid).Count);
        var records = await host.CreateClient().GetFromJsonAsync<List<PredictionRecord>>($"/inference/studies/{studyUid}/predictions", InferenceHost.Json);
        Assert.Equal(2, records!.Count);
    }

    [Fact]
    public async Task Running_a_study_message_again_names_the_same_predictions_and_events_so_a_repeat_after_a_crash_creates_nothing_new()
    {
        var studyUid = TestDicom.NewUid();
        var study = await host.StudyAsync(studyUid, ("MR", TestDicom.MrSlice(3, studyUid)), ("CT", TestDicom.CtSlice(studyUid)));
        var inference = host.Services.GetRequiredService<StudyInference>();

        var first = await inference.RunAsync(study, CancellationToken.None);
        var second = await inference.RunAsync(study, CancellationToken.None);

        Assert.Equal(2, first.Predictions.Count);
        Assert.Equal(2, first.Skips.Count);
        Assert.Equal(first.Predictions.Select(p => (p.PredictionId, p.Completed.MessageId)), second.Predictions.Select(p => (p.PredictionId, p.Completed.MessageId)));
        Assert.Equal(first.Skips.Select(s => s.EventId), second.Skips.Select(s => s.EventId));
        // The first run committed (as its consumer would); the repeat after a "crash" stages the same ids: a duplicate, nothing new.
        var writer = host.Services.GetRequiredService<OutcomeWriter>();
        var outbox = host.Services.GetRequiredService<FedBus.ServiceDefaults.Messaging.Outbox.TransactionalOutbox>();
        var work = outbox.Begin();
        writer.Stage(first, work);
        await outbox.CommitAsync(work);
        var again = outbox.Begin();
        writer.Stage(second, again);
        await Assert.ThrowsAsync<FedBus.ServiceDefaults.Storage.DuplicateDocumentException>(() => outbox.CommitAsync(again));
        Assert.Equal(2, (await writer.Predictions.FindAsync(FedBus.ServiceDefaults.Storage.DocumentFilter.Eq("studyInstanceUid", studyUid))).Count);
        await host.Events.WaitUntilAsync(e => e.CompletedOf(studyUid).Count == 2 && e.SkippedOf(studyUid).Count == 2, what: "the first run's events, through the outbox");
    }

    [Fact]
    public async Task A_newer_publication_replaces_the_model_a_late_older_one_is_ignored_and_a_rollback_wins_by_its_publication_number()
    {
        await host.PublishModelAsync(models.ClassifierPublication(version: 2, publication: 2), "brain-level");
        var late = models.ClassifierPublication(version: 3, publication: 1);
        var counter = new LateCounter(late.MessageId);
        using (host.Bus.ConnectConsumeObserver(counter))
        {
            await host.Bus.Publish(late);
            await counter.Seen.Task.WaitAsync(TimeSpan.FromMinutes(1));
        }
        Assert.Equal(2, (await Current()).Version);

        await host.PublishModelAsync(models.ClassifierPublication(version: 1, publication: 3, rollback: true), "brain-level");
        var current = await Current();
        Assert.Equal((1, 3L, true, true, true), (current.Version, current.Publication, current.IsRollback, current.HasTrainingProfile, current.HasTriageCombiner));

        var studyUid = TestDicom.NewUid();
        await host.Bus.Publish(await host.StudyAsync(studyUid, ("MR", TestDicom.MrSlice(12, studyUid))));
        await host.Events.WaitUntilAsync(e => e.CompletedOf(studyUid).Count == 2);
        Assert.Equal(1, host.Events.CompletedOf(studyUid).Single(c => c.Task == TaskKind.Classification).ModelVersion);
    }

    [Fact]
    public async Task Weights_that_are_neither_inline_nor_cached_with_no_hub_to_ask_fail_with_a_reason_and_tampered_ones_are_refused()
    {
        var claimCheck = host.Services.GetRequiredService<FedBus.ServiceDefaults.Federation.Weights.WeightClaimCheck>();
        var inline = models.ClassifierPublication(version: 9, publication: 50);
        var byDigest = inline.Weights with { Inline = null };
        host.Blobs.Delete(byDigest.WeightsSha256);

        var e = await Assert.ThrowsAsync<FedBus.ServiceDefaults.Federation.Weights.WeightTransferException>(() => claimCheck.ResolveAsync(byDigest));
        Assert.Contains("HubUrl is not set", e.Message, StringComparison.Ordinal);
        Assert.Contains(byDigest.WeightsSha256, e.Message, StringComparison.Ordinal);

        // Once the bytes were seen inline, the site's cache serves the digest alone.
        await claimCheck.ResolveAsync(inline.Weights);
        Assert.Equal(inline.Weights.Inline, await claimCheck.ResolveAsync(byDigest));
        var tampered = inline.Weights with { WeightsSha256 = new string('0', 64) };
        await Assert.ThrowsAsync<FedBus.ServiceDefaults.Federation.Weights.WeightVerificationException>(() => claimCheck.ResolveAsync(tampered));
    }

    [Fact]
    public async Task The_study_endpoint_takes_twice_a_batch_of_studies_at_a_time_or_as_many_as_configured()
    {
        // Tasks of batch 8: 16 in flight, so the next batch gathers while one runs; prefetch never below the bus's 32.
        Assert.Equal((16, 32), StudyEndpointLimits(host));
        await using var configured = new InferenceHost(new Dictionary<string, string> { ["FedBus:Inference:MaxConcurrentStudies"] = "40" });
        Assert.Equal((40, 40), StudyEndpointLimits(configured));
    }

    /// <summary>The running bus's own account (its probe) of the study endpoint's concurrency and prefetch.</summary>
    private static (int Concurrency, int Prefetch) StudyEndpointLimits(InferenceHost site)
    {
        var probe = System.Text.Json.JsonSerializer.SerializeToNode(site.Services.GetRequiredService<IBusControl>().GetProbeResult())!;
        var endpoint = Descendants(probe).OfType<System.Text.Json.Nodes.JsonObject>()
            .Single(o => o["receiveTransport"] is not null && (string?)o["name"] == "inference-study-received");
        var transport = endpoint["receiveTransport"]!;
        return ((int)transport["concurrentMessageLimit"]!, (int)transport["prefetchCount"]!);

        static IEnumerable<System.Text.Json.Nodes.JsonNode> Descendants(System.Text.Json.Nodes.JsonNode node) =>
            node switch
            {
                System.Text.Json.Nodes.JsonObject o => o.Select(p => p.Value).OfType<System.Text.Json.Nodes.JsonNode>().SelectMany(Descendants).Prepend(node),
                System.Text.Json.Nodes.JsonArray a => a.OfType<System.Text.Json.Nodes.JsonNode>().SelectMany(Descendants).Prepend(node),
                _ => [node],
            };
    }

    [Fact]
    public async Task The_OpenAPI_document_is_served_at_a_path_of_its_own()
    {
        var document = await host.CreateClient().GetStringAsync("/openapi/inference.json");

        Assert.Contains("/inference/models", document, StringComparison.Ordinal);
        Assert.Contains("/inference/studies/{study}/skipped", document, StringComparison.Ordinal);
    }

    private async Task<CurrentModelView> Current() =>
        (await host.CreateClient().GetFromJsonAsync<List<ModelView>>("/inference/models", InferenceHost.Json))!.Single(m => m.Task == "brain-level").Current!;

    private sealed class LateCounter(Guid messageId) : IConsumeObserver
    {
        public TaskCompletionSource Seen { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public Task PreConsume<T>(ConsumeContext<T> context) where T : class => Task.CompletedTask;
        public Task PostConsume<T>(ConsumeContext<T> context) where T : class
        {
            if (context.Message is GlobalModelPublished m && m.MessageId == messageId) Seen.TrySetResult();
            return Task.CompletedTask;
        }
        public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception) where T : class
        {
            if (context.Message is GlobalModelPublished m && m.MessageId == messageId) Seen.TrySetException(exception);
            return Task.CompletedTask;
        }
    }
}
