extern alias qc;

using System.Text.Json;
using FedBus.Aggregation.Tests.Service.Support;
using qc::FedBus.QualityControl;
using FedBus.ServiceDefaults;
using FedBus.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;

namespace FedBus.Aggregation.Tests.Service;

/// <summary>AddAggregation/MapAggregation in a host that composes another service: one bus, one store, separate documents.</summary>
public sealed class ComposedHostTests : IDisposable
{
    private readonly TempFolder _folder = new();

    [Fact]
    public async Task Composed_with_another_service_each_serves_its_own_api_and_openapi_document()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Configuration["FedBus:DataDirectory"] = _folder.Path;
        builder.Configuration["FedBus:SiteId"] = "site-test";
        builder.Configuration[TestTokens.SettingKey] = TestTokens.SigningKey;
        builder.Configuration["FedBus:Bus:Transport"] = "InMemory";
        builder.Configuration["FedBus:Logging:CaptureDirectory"] = LogCapture.Directory;
        builder.AddServiceDefaults("composed");
        builder.AddAggregation();
        builder.AddQualityControl();
        await using var app = builder.Build();
        app.MapDefaultEndpoints();
        app.MapAggregation();
        app.MapQualityControl();
        await app.StartAsync();
        var http = app.GetTestClient();
        // One caller allowed both services' routes: a hub-admin who is also of the composed site.
        http.DefaultRequestHeaders.Authorization = TestTokens.Bearer("composed", "site-test",
            FedBus.ServiceDefaults.Security.FedBusRoles.HubAdmin, FedBus.ServiceDefaults.Security.FedBusRoles.Radiologist);

        var import = await http.PostAsync(AggregationHost.ImportUrl("brain"), AggregationHost.Body(TestModels.File()));
        await import.ExpectAsync(201);
        await (await http.GetAsync("/aggregation/models/brain")).ExpectAsync(200);
        await (await http.GetAsync("/qc/agreement")).ExpectAsync(200);
        await (await http.GetAsync("/health")).ExpectAsync(200);

        var aggregation = await PathsAsync(http, "/aggregation/openapi/aggregation.json");
        var qc = await PathsAsync(http, "/qc/openapi.json");
        Assert.Contains("/aggregation/models/{modelId}/import", aggregation);
        Assert.All(aggregation, p => Assert.StartsWith("/aggregation/", p, StringComparison.Ordinal));
        Assert.Contains("/qc/agreement", qc);
        Assert.DoesNotContain(qc, p => p.StartsWith("/aggregation", StringComparison.Ordinal));
        await (await http.GetAsync("/aggregation/openapi/qc.json")).ExpectAsync(404);
        await app.StopAsync();
    }

    private static async Task<List<string>> PathsAsync(HttpClient http, string url)
    {
        using var doc = JsonDocument.Parse(await http.GetStringAsync(url));
        return [.. doc.RootElement.GetProperty("paths").EnumerateObject().Select(p => p.Name)];
    }

    public void Dispose() => _folder.Dispose();
}
