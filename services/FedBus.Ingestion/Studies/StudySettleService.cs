namespace FedBus.Ingestion.Studies;

/// <summary>
/// Once a second, completes studies that have settled (STOW-RS, aborted associations, restarts, replicas that died);
/// a few times per settle time, tells the other replicas which studies this one's open associations still send.
/// </summary>
public sealed partial class StudySettleService(
    StudyCompletion completion, Storing.IndexCommitter committer, ServiceDefaults.Privacy.IdentifierHasher hasher, ILogger<StudySettleService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // A study an earlier run left receiving may still get instances from the replay of its staged files.
        await committer.Recovered.WaitAsync(stoppingToken);
        var keepAliveEvery = completion.Rules.SettleTime / 3;
        var lastKeepAlive = DateTimeOffset.MinValue;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(Math.Min(1, keepAliveEvery.TotalSeconds)));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                if (DateTimeOffset.UtcNow - lastKeepAlive >= keepAliveEvery)
                {
                    await completion.KeepAliveAsync(stoppingToken);
                    lastKeepAlive = DateTimeOffset.UtcNow;
                }
                await completion.CompleteSettledAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The store may be away for a moment; the next tick tries again.
                LogSweepFailed(hasher.Redact(e));
            }
        }
    }

    [LoggerMessage(LogLevel.Warning, "The study sweep failed; retrying")]
    private partial void LogSweepFailed(Exception e);
}
