using System.Net.Http.Json;
using FedBus.AnnotationRequest.Tasks;
using FedBus.AnnotationRequest.Tests.Support;
using FedBus.AnnotationRequest.Worklist;
using FedBus.Contracts;
using FedBus.ServiceDefaults;
using FedBus.ServiceDefaults.Messaging;
using FedBus.Testing;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace FedBus.AnnotationRequest.Tests.Process;

/// <summary>
/// The service as its own process on a real RabbitMQ, killed at the worst moment: after it stored a task and its
/// AnnotationTaskCreated, before the broker had the event.
/// </summary>
public sealed class CrashRecoveryTests(RabbitMqVirtualHost vhost) : IClassFixture<RabbitMqVirtualHost>, IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private readonly TempFolder _service = new();
    private readonly TempFolder _observer = new();

    [Fact]
    public async Task A_process_killed_between_storing_a_task_and_publishing_it_publishes_the_task_after_restart()
    {
        using var observer = await StartObserverAsync();
        var events = observer.Services.GetRequiredService<PublishedEvents>();
        var result = Results.Completed(triageScore: 0.9);
        var taskId = TaskIds.ForPrediction(result.PredictionId);

        await using (var crashing = StartService("--crash-before-publish"))
        {
            await crashing.WaitForLineAsync(l => l.StartsWith("READY", StringComparison.Ordinal), Patience, "the service to start");
            await observer.Services.GetRequiredService<IBus>().Publish(result);
            await crashing.WaitForLineAsync(l => l.StartsWith($"CRASHING before publishing AnnotationTaskCreated {taskId}", StringComparison.Ordinal), Patience, "the crash");
            Assert.NotEqual(0, await crashing.WaitForExitAsync(Patience));
        }
        Assert.Empty(events.All<AnnotationTaskCreated>());

        await using var restarted = StartService();
        var ready = await restarted.WaitForLineAsync(l => l.StartsWith("READY", StringComparison.Ordinal), Patience, "the restarted service");
        var created = await events.WaitForAsync<AnnotationTaskCreated>(c => c.TaskId == taskId, Patience);
        Assert.Equal(result.PredictionId, created.PredictionId);

        // The InferenceCompleted the crash left unacknowledged comes back to the restarted process; it opens nothing new.
        using var http = new HttpClient { BaseAddress = new Uri(ready[(ready.IndexOf("url=", StringComparison.Ordinal) + 4)..]) };
        http.DefaultRequestHeaders.Authorization = TestTokens.Bearer("dr-a", Results.Site, FedBus.ServiceDefaults.Security.FedBusRoles.Radiologist);
        var worklist = await http.GetFromJsonAsync<WorklistPage>("/annotations/tasks", Support.Api.Json);
        Assert.Equal([taskId], worklist!.Items.Select(i => i.TaskId));
    }

    private ExternalProcess StartService(params string[] args)
    {
        var settings = new Dictionary<string, string>(vhost.Settings)
        {
            ["FedBus__SiteId"] = Results.Site,
            [TestTokens.EnvironmentKey] = TestTokens.SigningKey,
            ["FedBus__DataDirectory"] = _service.Path,
            ["FedBus__AnnotationRequest__Triage__AuditRate"] = "0",
            ["FedBus__Bus__RedeliveryIntervals__0"] = "00:00:01",
            [LogCapture.EnvironmentVariable] = LogCapture.Directory,
        };
        return ExternalProcess.StartDotnet(RepositoryPaths.BuiltAssembly("tests/FedBus.AnnotationRequest.Probe", "FedBus.AnnotationRequest.Probe"), args, settings);
    }

    /// <summary>Another service on the same broker, as QC would be: it publishes results and records the events.</summary>
    private async Task<IHost> StartObserverAsync()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(vhost.Settings.ToDictionary(s => s.Key.Replace("__", ":", StringComparison.Ordinal), s => (string?)s.Value));
        builder.Configuration["FedBus:DataDirectory"] = _observer.Path;
        builder.Configuration["FedBus:SiteId"] = Results.Site;
        builder.Configuration["FedBus:Logging:CaptureDirectory"] = LogCapture.Directory;
        builder.Logging.AddFilter<ConsoleLoggerProvider>(null, LogLevel.Warning);
        builder.Services.AddSingleton<PublishedEvents>();
        builder.Services.AddFedBusConsumer<EventRecorder>();
        builder.AddServiceDefaults("annotation-observer");
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    public void Dispose()
    {
        _service.Dispose();
        _observer.Dispose();
    }
}
