using System.Net.Http.Json;
using System.Text.Json.Nodes;
using FedBus.Contracts;
using FedBus.Imaging.Labels;
using FedBus.ServiceDefaults.Blobs;
using FedBus.ServiceDefaults.Messaging;
using MassTransit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using FedBus.Testing;

namespace FedBus.QualityControl.Tests.Service;

/// <summary>
/// The real quality-control service in this process: its own bus (in-memory unless settings name RabbitMQ), LiteDB and
/// blobs in a temp folder, and a recorder of every event it publishes.
/// </summary>
public class QcHost : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string SiteId = "site-test";
    private readonly string _data = Directory.CreateTempSubdirectory("fedbus-qc-").FullName;
    private readonly IDictionary<string, string?> _settings;

    public QcHost()
        : this(new Dictionary<string, string?>())
    {
    }

    protected QcHost(IDictionary<string, string?> settings)
    {
        _settings = settings;
    }

    public QcEventRecorder Events => Services.GetRequiredService<QcEventRecorder>();

    public IBlobStore Blobs => Services.GetRequiredService<IBlobStore>();

    public Task InitializeAsync()
    {
        _ = Server;
        return Task.CompletedTask;
    }

    /// <summary>Stores the label where annotation-request would have, and publishes the submission.</summary>
    public async Task<AnnotationSubmitted> SubmitAsync(AnnotationSubmitted submission, ImageLabel label, ImageLabel? prefill = null)
    {
        var encoded = LabelCodec.Encode(label);
        var blob = await Blobs.PutAsync(encoded.Bytes);
        submission = submission with { LabelBlobSha256 = blob.Sha256, LabelMediaType = encoded.MediaType };
        if (prefill is not null) submission = submission with { PrefillBlobSha256 = (await Blobs.PutAsync(LabelCodec.Encode(prefill).Bytes)).Sha256 };
        await PublishAsync(submission);
        return submission;
    }

    public Task PublishAsync<T>(T message) where T : class => Services.GetRequiredService<IBus>().Publish(message);

    public async Task<JsonNode> GetJsonAsync(string path)
    {
        using var http = CreateClient();
        using var response = await http.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {body}");
        return JsonNode.Parse(body)!;
    }

    public async Task<(int Status, JsonNode? Body)> PostJsonAsync(string path, object? body, string? reader)
    {
        using var http = CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        // Who withdraws is the token's subject, a site-admin of this site; no reader: no token.
        request.Headers.Authorization = reader is null ? null : TestTokens.Bearer(reader, SiteId, FedBus.ServiceDefaults.Security.FedBusRoles.SiteAdmin);
        if (reader is null) http.DefaultRequestHeaders.Authorization = null;
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("FedBus:SiteId", SiteId);
        builder.UseSetting(TestTokens.SettingKey, TestTokens.SigningKey);
        builder.UseSetting("FedBus:DataDirectory", _data);
        builder.UseSetting("FedBus:Bus:Transport", "InMemory");
        builder.UseSetting("FedBus:Bus:RedeliveryIntervals:0", "00:00:01");
        builder.UseSetting("FedBus:QualityControl:ReportEveryVerdicts", "1000");
        foreach (var (key, value) in _settings) builder.UseSetting(key, value);
        builder.ConfigureLogging(l => l.SetMinimumLevel(LogLevel.Warning));
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<QcEventRecorder>();
            services.AddFedBusConsumer<QcEventRecordingConsumer, QcEventRecordingConsumerDefinition>();
        });
    }

    /// <summary>Every client carries a token of this site with every site role.</summary>
    protected override void ConfigureClient(HttpClient client)
    {
        base.ConfigureClient(client);
        client.DefaultRequestHeaders.Authorization = TestTokens.SiteBearer(SiteId);
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
            // LiteDB may still hold its file for a moment; the temp folder is disposable anyway.
        }
    }
}
