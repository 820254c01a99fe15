using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using FedBus.Aggregation.Api;
using FedBus.Aggregation.Jobs;
using FedBus.Aggregation.Persistence;
using FedBus.Contracts;
using FedBus.ServiceDefaults.Blobs;
using FedBus.ServiceDefaults.Messaging;
using FedBus.Testing;
using MassTransit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Time.Testing;

namespace FedBus.Aggregation.Tests.Service.Support;

/// <summary>
/// The real aggregation service in this process (its Program: in-memory bus, LiteDB and blobs in a folder), with its
/// clock a <see cref="FakeTimeProvider"/> (the bus, the outbox and the aggregation job keep the real one), scripted
/// sites on the same bus and a recorder of what the hub publishes. The sweep runs once at start-up and then when a test
/// asks. Two hosts on one folder, one after the other, are one hub restarted. <paramref name="services"/> adds to the
/// service's own registrations.
/// </summary>
public sealed class AggregationHost(string dataDirectory, IReadOnlyDictionary<string, string>? settings = null, Action<IServiceCollection>? services = null)
    : WebApplicationFactory<Program>
{
    public static readonly DateTimeOffset Start = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public FakeTimeProvider Clock { get; } = new(Start);

    public PublishedEvents Published => Services.GetRequiredService<PublishedEvents>();

    public FakeSites Sites => Services.GetRequiredService<FakeSites>();

    public AggregationStore Store => Services.GetRequiredService<AggregationStore>();

    public IBlobStore Blobs => Services.GetRequiredService<IBlobStore>();

    /// <summary>Starts the host and lets the scripted sites reach its weight store.</summary>
    public HttpClient Http()
    {
        var client = CreateClient();
        if (Sites.Hub is null)
        {
            // The scripted sites reach the weight store as a site's service would (its uploads are as that site).
            var hub = CreateClient();
            hub.DefaultRequestHeaders.Authorization = TestTokens.Bearer("site-a-training", "site-a", FedBus.ServiceDefaults.Security.FedBusRoles.Service);
            Sites.Hub = hub;
        }
        return client;
    }

    /// <summary>One sweep of the stored deadlines and schedules, after the hosted sweeper's own first pass.</summary>
    public async Task<(int Deadlines, int Started)> SweepAsync()
    {
        var sweeper = Services.GetRequiredService<RoundSweeper>();
        await sweeper.FirstSweep.WaitAsync(TimeSpan.FromSeconds(30));
        return await sweeper.SweepOnceAsync(CancellationToken.None);
    }

    public async Task PublishAsync<T>(T message) where T : class, IFedBusMessage => await Services.GetRequiredService<IBus>().Publish(message);

    public async Task<VersionView> ImportAsync(string modelId, byte[]? file = null, string architecture = TestModels.Architecture)
    {
        var response = await Http().PostAsync(ImportUrl(modelId, architecture), Body(file ?? TestModels.File()));
        await response.ExpectAsync(201);
        return (await response.Content.ReadFromJsonAsync<VersionView>(Json))!;
    }

    public static string ImportUrl(string modelId, string architecture = TestModels.Architecture, string classes = TestModels.Classes) =>
        $"/aggregation/models/{modelId}/import?architectureId={Uri.EscapeDataString(architecture)}&classes={classes}&requestedBy=ml-engineer";

    public static ByteArrayContent Body(byte[] bytes)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return content;
    }

    public async Task<RoundView> StartRoundAsync(string modelId, int minimumSites, params string[] sites)
    {
        var response = await Http().PostAsJsonAsync("/aggregation/rounds", new { modelId, minimumSites, sites = sites.Length == 0 ? null : sites, requestedBy = "ml-engineer" });
        await response.ExpectAsync(201);
        return (await response.Content.ReadFromJsonAsync<RoundView>(Json))!;
    }

    public async Task<RoundView> RoundAsync(Guid roundId)
    {
        var response = await Http().GetAsync($"/aggregation/rounds/{roundId}");
        await response.ExpectAsync(200);
        return (await response.Content.ReadFromJsonAsync<RoundView>(Json))!;
    }

    public async Task<VersionView> VersionAsync(string modelId, int version)
    {
        var response = await Http().GetAsync($"/aggregation/models/{modelId}/versions/{version}");
        await response.ExpectAsync(200);
        return (await response.Content.ReadFromJsonAsync<VersionView>(Json))!;
    }

    public async Task<ModelView> ModelAsync(string modelId) =>
        (await Http().GetFromJsonAsync<ModelView>($"/aggregation/models/{modelId}", Json))!;

    /// <summary>Waits until the stored round satisfies <paramref name="condition"/> (it changes as messages are consumed).</summary>
    public async Task<RoundView> WaitForRoundAsync(Guid roundId, Func<RoundView, bool> condition, string what)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var round = await RoundAsync(roundId);
            if (condition(round)) return round;
            try
            {
                await Task.Delay(50, cts.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"Round {roundId} did not reach: {what}. It is {round.State}: {JsonSerializer.Serialize(round, Json)}");
            }
        }
    }

    /// <summary>Every client is an ML engineer's (hub-admin) unless it says otherwise.</summary>
    protected override void ConfigureClient(HttpClient client)
    {
        base.ConfigureClient(client);
        client.DefaultRequestHeaders.Authorization = TestTokens.Bearer("ml-engineer", null, FedBus.ServiceDefaults.Security.FedBusRoles.HubAdmin);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("FedBus:DataDirectory", dataDirectory);
        builder.UseSetting(TestTokens.SettingKey, TestTokens.SigningKey);
        builder.UseSetting("FedBus:Bus:Transport", "InMemory");
        builder.UseSetting("FedBus:Aggregation:SweepInterval", "30.00:00:00");
        builder.UseSetting("FedBus:Aggregation:TorchThreads", "2");
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) builder.UseSetting(key, value);
        builder.UseSetting("FedBus:Logging:CaptureDirectory", LogCapture.Directory);
        builder.ConfigureLogging(l => l.AddFilter<ConsoleLoggerProvider>(null, LogLevel.Warning));
        builder.ConfigureTestServices(s =>
        {
            s.AddKeyedSingleton<TimeProvider>(AggregationClock.Key, Clock);
            s.AddSingleton<PublishedEvents>();
            s.AddSingleton<FakeSites>();
            s.AddFedBusConsumer<EventRecorder>();
            s.AddFedBusConsumer<FakeSiteConsumer>();
            services?.Invoke(s);
        });
    }
}
