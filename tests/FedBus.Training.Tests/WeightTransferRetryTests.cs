using System.Net;
using System.Net.Sockets;
using FedBus.Contracts;
using FedBus.ServiceDefaults.Hosting;
using FedBus.Testing;
using FedBus.Training.Jobs;
using FedBus.Training.Tests.Support;

namespace FedBus.Training.Tests;

/// <summary>
/// An update too large to ride inline goes to the hub's weight store. When the hub is away at that moment, the finished
/// training waits for it (until the job's deadline) instead of failing the job and dropping the site from the round.
/// </summary>
public sealed class WeightTransferRetryTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("fedbus-training-").FullName;

    [Fact]
    public async Task An_update_whose_upload_finds_the_hub_down_is_uploaded_once_the_hub_is_back_in_the_same_run()
    {
        var port = FreeTcpPort.Next();
        var hubUrl = $"http://127.0.0.1:{port}";
        // The hub's address answers, but every connection is dropped at once: a hub restarting behind its address.
        var dropped = 0;
        using var listener = new TcpListener(IPAddress.Loopback, port);
        listener.Start();
        using var stopDropping = new CancellationTokenSource();
        var dropping = Task.Run(async () =>
        {
            while (!stopDropping.IsCancellationRequested)
            {
                using var client = await listener.AcceptTcpClientAsync(stopDropping.Token);
                client.Client.LingerState = new LingerOption(true, 0);
                Interlocked.Increment(ref dropped);
            }
        });

        await using var host = new TrainingHost(_data, new Dictionary<string, string?>
        {
            ["FedBus:Federation:HubUrl"] = hubUrl,
            ["FedBus:Federation:InlineWeightsLimitBytes"] = "1024",
            ["FedBus:Federation:WeightRetryDelay"] = "00:00:00.050",
            ["FedBus:Training:WeightRetryInterval"] = "00:00:00.500",
        });
        for (var seed = 1; seed <= 8; seed++) await host.AcceptAsync(seed);
        await host.WaitForDatasetAsync(d => (int)d["train"]! + (int)d["validation"]! == 8);
        var roundId = Guid.NewGuid();
        await host.PublishAsync(Rounds.Started(roundId, Rounds.InitialWeights(), Rounds.Settings(localEpochs: 2)));
        var jobId = TrainingIds.RoundJob(roundId, TrainingHost.SiteId);

        // Two whole transfers fail (the HTTP client's own four tries each) while the job stays Running.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (Volatile.Read(ref dropped) < 8 && DateTime.UtcNow < deadline) await Task.Delay(50);
        Assert.True(Volatile.Read(ref dropped) >= 8, $"the upload reached the hub's address {Volatile.Read(ref dropped)} time(s) in 90 s");
        var waiting = (await host.Store.Jobs.GetAsync(jobId))!.Document;
        Assert.Equal(JobState.Running, waiting.State);
        Assert.Equal(0, await OutboxCounts.OfAsync<ModelUpdateSubmitted>(host.Outbox));

        await stopDropping.CancelAsync();
        try
        {
            await dropping;
        }
        catch (OperationCanceledException)
        {
            // Stopped while waiting for the next connection.
        }
        listener.Stop();
        await using var hub = await WeightHub.StartAsync(Path.Combine(_data, "hub"), hubUrl);

        var update = await host.Events.WaitForAsync<ModelUpdateSubmitted>(u => u.RoundId == roundId);
        var job = await host.WaitForJobAsync(jobId, j => j.State == JobState.Completed);
        Assert.Equal(1, job.Attempts);
        Assert.Null(update.Weights.Inline);
        Assert.Equal(1, hub.Puts);
        Assert.True(hub.Blobs.Exists(update.Weights.WeightsSha256));
        Assert.Equal(update.Weights.SizeBytes, new FileInfo(hub.Blobs.PathOf(update.Weights.WeightsSha256)).Length);
    }

    public void Dispose() => Directory.Delete(_data, recursive: true);
}
