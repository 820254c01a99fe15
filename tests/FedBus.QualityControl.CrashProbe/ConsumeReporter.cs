using FedBus.Contracts;
using MassTransit;

namespace FedBus.QualityControl.CrashProbe;

/// <summary>
/// Prints CONSUMED for each submission the service finished with (applied, or skipped as already applied); with
/// --crash-after-review the process then dies before the broker gets the ack.
/// </summary>
public sealed class ConsumeReporter(CrashOptions options) : IConsumeObserver
{
    public Task PreConsume<T>(ConsumeContext<T> context) where T : class => Task.CompletedTask;

    public Task PostConsume<T>(ConsumeContext<T> context) where T : class
    {
        if (context.Message is not AnnotationSubmitted submitted) return Task.CompletedTask;
        Console.WriteLine($"CONSUMED {submitted.MessageId} redelivered={context.ReceiveContext.Redelivered} pid={Environment.ProcessId}");
        if (options.AfterReview)
        {
            Console.WriteLine($"CRASHING after review {submitted.MessageId} pid={Environment.ProcessId}");
            Console.Out.Flush();
            Environment.FailFast("qc crash probe: crash after the review was committed (test-requested)");
        }
        return Task.CompletedTask;
    }

    public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception) where T : class => Task.CompletedTask;
}
