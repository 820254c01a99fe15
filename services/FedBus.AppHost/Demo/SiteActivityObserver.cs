using FedBus.Contracts;
using FedBus.Imaging.Labels;
using FedBus.ServiceDefaults.Blobs;
using MassTransit;

namespace FedBus.AppHost.Demo;

/// <summary>
/// The demo's own listener on a site's bus: it counts what the services published (it changes nothing; each event once, by its message id) and judges every
/// prediction against the truth, so the report's numbers come from the real events, not from the simulators' intentions.
/// </summary>
internal sealed class SiteActivityObserver(SiteActivity activity, IBlobStore blobs) :
    IConsumer<StudyReceived>, IConsumer<InferenceCompleted>, IConsumer<InferenceSkipped>, IConsumer<AnnotationTaskCreated>,
    IConsumer<AnnotationSubmitted>, IConsumer<AnnotationAccepted>, IConsumer<AnnotationRejected>, IConsumer<AnnotationAdjudicationRequested>, IConsumer<ModelUpdateSubmitted>
{
    public Task Consume(ConsumeContext<StudyReceived> context)
    {
        if (!activity.FirstDelivery(context.MessageId)) return Task.CompletedTask;
        var instances = context.Message.Series.Sum(s => s.Instances.Count);
        activity.Count(p =>
        {
            p.StudiesIngested++;
            p.InstancesIngested += instances;
        });
        return Task.CompletedTask;
    }

    public async Task Consume(ConsumeContext<InferenceCompleted> context)
    {
        if (!activity.FirstDelivery(context.MessageId)) return;
        var m = context.Message;
        activity.Count(p =>
        {
            p.Predictions++;
            p.PredictionsByModelVersion[m.ModelVersion] = p.PredictionsByModelVersion.GetValueOrDefault(m.ModelVersion) + 1;
        });
        var truth = activity.TruthOf(m.Image.SopInstanceUid);
        if (truth is null) return;
        var bytes = await blobs.ReadAllBytesAsync(m.PredictionBlobSha256, context.CancellationToken);
        activity.PredictionJudged(m.PredictionId, LabelCodec.Decode(bytes, m.PredictionMediaType), truth.Truth, m.ModelVersion);
    }

    public Task Consume(ConsumeContext<InferenceSkipped> context)
    {
        if (!activity.FirstDelivery(context.MessageId)) return Task.CompletedTask;
        activity.Count(p =>
        {
            p.Skipped++;
            p.SkipReasons[context.Message.Reason.Code] = p.SkipReasons.GetValueOrDefault(context.Message.Reason.Code) + 1;
        });
        return Task.CompletedTask;
    }

    public Task Consume(ConsumeContext<AnnotationTaskCreated> context)
    {
        if (!activity.FirstDelivery(context.MessageId)) return Task.CompletedTask;
        activity.TaskOpened(context.Message);
        return Task.CompletedTask;
    }

    public Task Consume(ConsumeContext<AnnotationSubmitted> context)
    {
        if (!activity.FirstDelivery(context.MessageId)) return Task.CompletedTask;
        activity.Count(p =>
        {
            p.Submissions++;
            p.TasksAnswered.Add(context.Message.TaskId);
        });
        activity.Submitted(context.Message.TaskId);
        return Task.CompletedTask;
    }

    public Task Consume(ConsumeContext<AnnotationAccepted> context)
    {
        if (!activity.FirstDelivery(context.MessageId)) return Task.CompletedTask;
        activity.Count(p => p.QcAccepted++);
        activity.Decided(context.Message.TaskId);
        return Task.CompletedTask;
    }

    public Task Consume(ConsumeContext<AnnotationRejected> context)
    {
        if (!activity.FirstDelivery(context.MessageId)) return Task.CompletedTask;
        activity.Count(p =>
        {
            p.QcRejectedSubmissions++;
            foreach (var code in context.Message.Reasons.Select(r => r.Code).Distinct(StringComparer.Ordinal))
                p.QcRejected[code] = p.QcRejected.GetValueOrDefault(code) + 1;
        });
        activity.Rejected(context.Message.TaskId);
        return Task.CompletedTask;
    }

    public Task Consume(ConsumeContext<AnnotationAdjudicationRequested> context)
    {
        if (!activity.FirstDelivery(context.MessageId)) return Task.CompletedTask;
        activity.Decided(context.Message.TaskId);
        return Task.CompletedTask;
    }

    public Task Consume(ConsumeContext<ModelUpdateSubmitted> context)
    {
        if (!activity.FirstDelivery(context.MessageId)) return Task.CompletedTask;
        activity.Count(p => p.UpdatesSubmitted++);
        return Task.CompletedTask;
    }
}
