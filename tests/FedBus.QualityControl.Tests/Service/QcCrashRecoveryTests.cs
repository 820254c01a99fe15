using FedBus.Contracts;
using FedBus.Imaging.Labels;
using FedBus.ServiceDefaults;
using FedBus.ServiceDefaults.Blobs;
using FedBus.ServiceDefaults.Messaging;
using FedBus.Testing;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using static FedBus.QualityControl.Tests.Samples;

namespace FedBus.QualityControl.Tests.Service;

/// <summary>
/// The quality-control service as its own process on a real RabbitMQ (LiteDB store), killed at the two points that
/// matter: after it stored its verdict and before AnnotationAccepted reached the broker (restarted, the outbox publishes
/// the acceptance under the same ids), and after the commit but before the broker's ack (the redelivery is skipped:
/// still one verdict, one acceptance).
/// </summary>
public sealed class QcCrashRecoveryTests(RabbitMqVirtualHost vhost) : IClassFixture<RabbitMqVirtualHost>, IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private readonly string _data = Directory.CreateTempSubdirectory("fedbus-qc-crash-").FullName;

    [Fact]
    public async Task A_process_killed_between_its_verdict_and_AnnotationAccepted_publishes_it_after_restart()
    {
        using var listener = await StartListenerAsync();
        var recorder = listener.Services.GetRequiredService<QcEventRecorder>();

        var task = Guid.NewGuid();
        var submission = await StoredSubmissionAsync(task, Class(2));

        await using (var dying = StartService("--crash-before-accepted"))
        {
            await dying.WaitForLineAsync(l => l.StartsWith("READY", StringComparison.Ordinal), Patience, "the service to start");
            await listener.Services.GetRequiredService<IBus>().Publish(submission);
            await dying.WaitForLineAsync(l => l.StartsWith($"CRASHING before AnnotationAccepted {QcIds.Accepted(task)}", StringComparison.Ordinal),
                Patience, "the service to die before publishing the acceptance");
            Assert.NotEqual(0, await dying.WaitForExitAsync(Patience));
        }
        Assert.DoesNotContain(recorder.Of<AnnotationAccepted>(), a => a.TaskId == task);

        await using var restarted = StartService();
        var accepted = await recorder.WaitForAsync<AnnotationAccepted>(a => a.TaskId == task, Patience);

        Assert.Equal(QcIds.Accepted(task), accepted.MessageId);
        Assert.Equal(QcIds.CaseOf(task), accepted.CaseId);
        Assert.All(recorder.Of<AnnotationAccepted>().Where(a => a.TaskId == task), a => Assert.Equal(accepted.MessageId, a.MessageId));
    }

    [Fact]
    public async Task A_submission_redelivered_after_the_process_died_past_its_commit_creates_no_second_acceptance()
    {
        using var listener = await StartListenerAsync();
        var recorder = listener.Services.GetRequiredService<QcEventRecorder>();
        var task = Guid.NewGuid();
        var submission = await StoredSubmissionAsync(task, Class(3));

        await using (var dying = StartService("--crash-after-review"))
        {
            await dying.WaitForLineAsync(l => l.StartsWith("READY", StringComparison.Ordinal), Patience, "the service to start");
            await listener.Services.GetRequiredService<IBus>().Publish(submission);
            await dying.WaitForLineAsync(l => l.StartsWith($"CRASHING after review {submission.MessageId}", StringComparison.Ordinal),
                Patience, "the service to die after its review was committed");
            Assert.NotEqual(0, await dying.WaitForExitAsync(Patience));
        }

        await using var restarted = StartService();
        // The broker never got the ack, so the restarted service receives the submission again and skips it.
        await restarted.WaitForLineAsync(l => l.StartsWith($"CONSUMED {submission.MessageId} redelivered=True", StringComparison.Ordinal),
            Patience, "the redelivery to be handled");
        var accepted = await recorder.WaitForAsync<AnnotationAccepted>(a => a.TaskId == task, Patience);

        // The acceptance may reach the broker twice (published, then the process died before marking it sent), but it is
        // one message: one id, one case. And QC holds one verdict.
        Assert.All(recorder.Of<AnnotationAccepted>().Where(a => a.TaskId == task), a => Assert.Equal((accepted.MessageId, accepted.CaseId), (a.MessageId, a.CaseId)));
        var listening = await restarted.WaitForLineAsync(l => l.Contains("Now listening on: http://", StringComparison.Ordinal), Patience, "the HTTP address");
        using var http = new HttpClient { BaseAddress = new Uri(listening[(listening.IndexOf("http://", StringComparison.Ordinal))..].Trim()) };
        http.DefaultRequestHeaders.Authorization = TestTokens.SiteBearer(Submissions.SiteId);
        var view = System.Text.Json.Nodes.JsonNode.Parse(await http.GetStringAsync($"/qc/tasks/{task}"))!;
        Assert.Single(view["verdicts"]!.AsArray());
    }

    private async Task<AnnotationSubmitted> StoredSubmissionAsync(Guid task, ClassIdLabel label)
    {
        var blob = await new FileSystemBlobStore(Path.Combine(_data, "blobs")).PutAsync(LabelCodec.Encode(label).Bytes);
        return Submissions.For(task, "dr-a", label, TaskKind.Classification, FiveClasses) with { LabelBlobSha256 = blob.Sha256 };
    }

    private ExternalProcess StartService(params string[] args)
    {
        var settings = new Dictionary<string, string>(vhost.Settings)
        {
            ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
            ["FedBus__SiteId"] = Submissions.SiteId,
            [TestTokens.EnvironmentKey] = TestTokens.SigningKey,
            ["FedBus__DataDirectory"] = Path.Combine(_data, "service"),
            ["FedBus__Storage__BlobRoot"] = Path.Combine(_data, "blobs"),
            ["FedBus__Bus__RedeliveryIntervals__0"] = "00:00:01",
        };
        return ExternalProcess.StartDotnet(RepositoryPaths.BuiltAssembly("tests/FedBus.QualityControl.CrashProbe", "FedBus.QualityControl.CrashProbe"), args, settings);
    }

    /// <summary>Another service on the same virtual host: it publishes the submission and records what QC publishes.</summary>
    private async Task<IHost> StartListenerAsync()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(vhost.Settings.ToDictionary(s => s.Key.Replace("__", ":", StringComparison.Ordinal), s => (string?)s.Value));
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["FedBus:SiteId"] = Submissions.SiteId,
            ["FedBus:DataDirectory"] = Path.Combine(_data, "listener"),
        });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddServiceDefaults("qc-listener");
        builder.Services.AddSingleton<QcEventRecorder>();
        builder.Services.AddFedBusConsumer<QcEventRecordingConsumer, QcEventRecordingConsumerDefinition>();
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
            // A file may still be held for a moment; the temp folder is disposable anyway.
        }
    }
}
