namespace FedBus.Ingestion.Studies;

/// <summary>Completes studies that have settled (STOW-RS, aborted associations, restarts), checking once a second.</summary>
public sealed class StudySettleService(StudyCompletion completion, Index.StudyIndex index) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await index.EnsureIndexesAsync(stoppingToken);
        await completion.RecoverAsync(stoppingToken);
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        while (await timer.WaitForNextTickAsync(stoppingToken))
            await completion.CompleteSettledAsync(stoppingToken);
    }
}
