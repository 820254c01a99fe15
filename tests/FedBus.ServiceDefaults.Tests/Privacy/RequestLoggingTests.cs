using FedBus.ServiceDefaults.Logging;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using FedBus.Testing;

namespace FedBus.ServiceDefaults.Tests.Privacy;

/// <summary>FedBus's own request line: the path a request reached, with UIDs hashed and no query string.</summary>
public sealed class RequestLoggingTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("fedbus-request-log-").FullName;

    [Fact]
    public async Task A_request_is_logged_at_Debug_with_its_path_its_status_UIDs_hashed_and_no_query()
    {
        var lines = await RequestAsync("Debug", "/dicomweb/studies/1.2.826.0.1.3680043.2.1125.99/series?PatientID=FB-0001");

        var line = Assert.Single(lines);
        Assert.Matches(@"^GET /dicomweb/studies/uid#[0-9a-f]{16}/series answered 404 in [0-9]+ ms$", line);
        Assert.DoesNotContain("1.2.826.0.1.3680043", line, StringComparison.Ordinal);
        Assert.DoesNotContain("FB-0001", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task At_the_default_level_no_request_line_is_written()
    {
        var lines = await RequestAsync("Information", "/annotations/tasks");
        Assert.Empty(lines);
        // Positive control: the same host logs the category at Debug when asked (the test above).
    }

    private async Task<List<string>> RequestAsync(string level, string path)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["FedBus:DataDirectory"] = _data,
            [TestTokens.SettingKey] = TestTokens.SigningKey,
            ["Logging:LogLevel:Default"] = "Warning",
            [$"Logging:LogLevel:{RequestLogging.Category}"] = level,
        });
        builder.AddServiceDefaults("request-log-test");
        var lines = new List<string>();
        builder.Logging.AddProvider(new ListLoggerProvider(RequestLogging.Category, lines));
        await using var app = builder.Build();
        app.MapDefaultEndpoints();
        await app.StartAsync();
        // Authenticated, so the request reaches routing (no route: 404) instead of stopping at 401.
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()), DefaultRequestHeaders = { Authorization = TestTokens.SiteBearer(null) } };
        using var response = await http.GetAsync(path);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
        await app.StopAsync();
        lock (lines) return [.. lines];
    }

    public void Dispose() => Directory.Delete(_data, recursive: true);
}
