using FedBus.Contracts;
using MassTransit;

namespace FedBus.QualityControl.Tests.Service;

public sealed class QcEventRecordingConsumer(QcEventRecorder recorder) :
    IConsumer<AnnotationAccepted>, IConsumer<AnnotationRejected>, IConsumer<AnnotationAdjudicationRequested>,
    IConsumer<CaseWithdrawn>, IConsumer<SiteStatisticsReported>
{
    public Task Consume(ConsumeContext<AnnotationAccepted> context) => Record(context.Message);
    public Task Consume(ConsumeContext<AnnotationRejected> context) => Record(context.Message);
    public Task Consume(ConsumeContext<AnnotationAdjudicationRequested> context) => Record(context.Message);
    public Task Consume(ConsumeContext<CaseWithdrawn> context) => Record(context.Message);
    public Task Consume(ConsumeContext<SiteStatisticsReported> context) => Record(context.Message);

    private Task Record(IFedBusMessage message)
    {
        recorder.Add(message);
        return Task.CompletedTask;
    }
}
