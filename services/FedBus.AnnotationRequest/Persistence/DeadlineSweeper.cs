using FedBus.ServiceDefaults.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FedBus.AnnotationRequest.Persistence;

/// <summary>
/// Makes deadlines durable: every <see cref="AnnotationRequestOptions.SweepInterval"/> it looks in the store for tasks
/// whose lease or return deadline has passed (each task keeps its earliest one in <c>nextDeadline</c>) and for held
/// candidates whose holding window has closed. Nothing is kept in memory, so a restarted process — or another
/// replica — finds the same work; optimistic concurrency makes two sweepers apply each deadline once.
/// </summary>
public sealed class DeadlineSweeper(
    AnnotationStore store, TaskCommands commands, TaskOpening opening, AnnotationRequestOptions options, [FromKeyedServices(AnnotationClock.Key)] TimeProvider time,
    ILogger<DeadlineSweeper> logger) : PeriodicSweep(time)
{
    private const int BatchSize = 200;

    protected override TimeSpan Interval => options.SweepInterval;

    protected override Task PrepareAsync(CancellationToken cancellationToken) => store.EnsureIndexesAsync(cancellationToken);

    protected override Task SweepAsync(CancellationToken cancellationToken) => SweepOnceAsync(cancellationToken);

    protected override void SweepFailed(Exception exception) => AnnotationLog.SweepFailed(logger, exception, options.SweepInterval);

    /// <summary>One pass: expire passed deadlines, release held candidates. Returns (reads expired, candidates released or dropped).</summary>
    public async Task<(int Expired, int Released)> SweepOnceAsync(CancellationToken cancellationToken)
    {
        var expired = 0;
        foreach (var due in await store.DueAsync(Time.GetUtcNow(), BatchSize, cancellationToken))
            expired += await commands.ExpireAsync(due.Document.TaskId, cancellationToken);

        var released = 0;
        foreach (var model in await store.ModelsWithHeldAsync(cancellationToken))
            released += await opening.ReleaseHeldAsync(model, cancellationToken);

        if (expired > 0 || released > 0) AnnotationLog.Swept(logger, expired, released);
        return (expired, released);
    }
}
