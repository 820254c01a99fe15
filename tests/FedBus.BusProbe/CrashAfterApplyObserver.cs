using MassTransit;

namespace FedBus.BusProbe;

/// <summary>
/// With --crash-after-apply: once a consumer has finished (effect and inbox entry committed) but before the broker is
/// acknowledged, the process dies like a power cut, so the broker must redeliver the message to someone else.
/// </summary>
public sealed class CrashAfterApplyObserver(ProbeOptions options) : IConsumeObserver
{
    public Task PreConsume<T>(ConsumeContext<T> context) where T : class => Task.CompletedTask;

    public Task PostConsume<T>(ConsumeContext<T> context) where T : class
    {
        if (!options.CrashAfterApply) return Task.CompletedTask;
        ProbeOutput.Line($"CRASHING pid={Environment.ProcessId}");
        Environment.FailFast("bus-probe: crash after apply (test-requested)");
        return Task.CompletedTask;
    }

    public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception) where T : class => Task.CompletedTask;
}
