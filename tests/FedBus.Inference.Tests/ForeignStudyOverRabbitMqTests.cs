using System.Net.Http.Json;
using FedBus.Imaging.Input;
using FedBus.Inference.Tests.Support;
using FedBus.Testing;

namespace FedBus.Inference.Tests;

/// <summary>
/// Over a real RabbitMQ: a study of things the models cannot (all) take — a colour JPEG made by img2dcm, an RT plan,
/// a CT, a JPEG series with a corrupted frame — is recorded as skipped with each reason, what can be read is
/// predicted, the service goes on serving the next study, and no message ends in an _error queue.
/// </summary>
[Collection(ModelsCollection.Name)]
public sealed class ForeignStudyOverRabbitMqTests(TrainedModels models, RabbitMqVirtualHost broker) : IClassFixture<RabbitMqVirtualHost>, IDisposable
{
    private readonly TempDirectory dir = new();

    [Fact]
    public async Task Instances_the_models_cannot_take_are_skipped_with_their_reasons_the_service_keeps_serving_and_no_error_queue_fills()
    {
        // brain-level reads MR only; brain-extraction reads any modality, so the RT plan reaches the decoder there.
        await using var host = new InferenceHost(broker.Settings, brainExtractionModalities: "*");
        _ = host.Services;
        await host.PublishModelAsync(models.ClassifierPublication(1, 1), "brain-level");
        await host.PublishModelAsync(models.SegmenterPublication(1, 1), "brain-extraction");

        var foreign = TestDicom.NewUid();
        var study = await host.StudyAsync(foreign,
            ("MR", TestDicom.MrSlice(20, foreign)),
            ("MR", TestDicom.ColourJpeg(dir)),
            ("RTPLAN", TestDicom.RtPlan(foreign)),
            ("CT", TestDicom.CtSlice(foreign)),
            ("MR", TestDicom.CorruptedJpegSecondFrame(dir, foreign)));
        await host.Bus.Publish(study);
        // MR 2 + CT 1 (brain-extraction) + frames 1 and 3 of the JPEG series × 2; skipped: colour × 2, RT plan × 2, CT × 1, frame 2 × 2.
        await host.Events.WaitUntilAsync(e => e.CompletedOf(foreign).Count == 7 && e.SkippedOf(foreign).Count == 7, what: "the foreign study");

        var skipped = host.Events.SkippedOf(foreign);
        string ReasonFor(string modelId, int series, int? frame = null) =>
            skipped.Single(s => s.ModelId == modelId && s.SeriesInstanceUid == study.Series[series].SeriesInstanceUid && s.Frame == frame).Reason.Code;
        Assert.Equal(InputSkipCodes.Colour, ReasonFor(TrainedModels.ClassifierId, 1));
        Assert.Equal(InputSkipCodes.Colour, ReasonFor(TrainedModels.SegmenterId, 1));
        Assert.Equal(InputSkipCodes.WrongModality, ReasonFor(TrainedModels.ClassifierId, 2));
        Assert.Equal(InputSkipCodes.NoPixelData, ReasonFor(TrainedModels.SegmenterId, 2));
        Assert.Equal(InputSkipCodes.WrongModality, ReasonFor(TrainedModels.ClassifierId, 3));
        Assert.Equal(InputSkipCodes.UndecodableFrame, ReasonFor(TrainedModels.ClassifierId, 4, frame: 2));
        Assert.Equal(InputSkipCodes.UndecodableFrame, ReasonFor(TrainedModels.SegmenterId, 4, frame: 2));
        Assert.All(skipped, s => Assert.False(string.IsNullOrWhiteSpace(s.Reason.Message)));
        // Frame numbers as DICOM counts them (1-based).
        Assert.Equal([1, 1, 3, 3], host.Events.CompletedOf(foreign).Where(c => c.Image.SeriesInstanceUid == study.Series[4].SeriesInstanceUid)
            .Select(c => c.Image.Frame).Order());
        // The API lists the skips of the study with their reasons.
        var listed = await host.CreateClient().GetFromJsonAsync<List<FedBus.Contracts.InferenceSkipped>>($"/inference/studies/{foreign}/skipped", InferenceHost.Json);
        Assert.Equal(7, listed!.Count);

        var next = TestDicom.NewUid();
        await host.Bus.Publish(await host.StudyAsync(next, ("MR", TestDicom.MrSlice(30, next))));
        await host.Events.WaitUntilAsync(e => e.CompletedOf(next).Count == 2, what: "the next study");

        var queues = await Queues();
        Assert.Contains(queues, q => q.Name.Contains("study-received", StringComparison.Ordinal));
        // MassTransit declares an _error queue when it first moves a message there.
        Assert.DoesNotContain(queues, q => q.Name.EndsWith("_error", StringComparison.Ordinal));
    }

    public void Dispose() => dir.Dispose();

    private async Task<List<QueueInfo>> Queues()
    {
        using var management = RabbitMqBroker.CreateManagementClient();
        return await management.GetFromJsonAsync<List<QueueInfo>>($"/api/queues/{Uri.EscapeDataString(broker.Name)}") ?? [];
    }

    private sealed record QueueInfo(string Name, long Messages);
}
