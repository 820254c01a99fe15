using System.Net;
using System.Net.Http.Headers;
using FedBus.ServiceDefaults.Security;
using FedBus.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace FedBus.ServiceDefaults.Tests.Security;

/// <summary>AddServiceDefaults's authentication on a real Kestrel host: who gets in, with which status, and what the logs keep.</summary>
public sealed class BearerAuthenticationTests : IAsyncLifetime
{
    private readonly string _data = Directory.CreateTempSubdirectory("fedbus-auth-").FullName;
    private readonly List<string> _lines = [];
    private WebApplication _app = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["FedBus:SiteId"] = "site-a",
            ["FedBus:DataDirectory"] = _data,
            [TestTokens.SettingKey] = TestTokens.SigningKey,
            // Everything, at every level: a token must not appear even in Debug lines.
            ["Logging:LogLevel:Default"] = "Trace",
        });
        builder.AddServiceDefaults("auth-test");
        builder.Logging.AddProvider(new AllLinesLoggerProvider(_lines));
        _app = builder.Build();
        _app.MapDefaultEndpoints();
        _app.MapGet("/probe", (HttpContext c) => c.User.FindFirst("sub")!.Value);
        _app.MapGet("/site-only", () => "ok").RequireAuthorization(FedBusPolicies.SiteMember);
        await _app.StartAsync();
        _http = new HttpClient { BaseAddress = new Uri(_app.Urls.First()) };
    }

    [Fact]
    public async Task A_route_needs_a_valid_token_of_the_key_audience_and_site_and_the_logs_never_hold_the_token()
    {
        var valid = TestTokens.Issue("dr-1", "site-a", FedBusRoles.Radiologist);
        var otherKey = DevelopmentTokens.Issue(Convert.FromBase64String(DevelopmentTokens.NewKey()), new AuthOptions(), "dr-1", [FedBusRoles.Radiologist], "site-a", TimeSpan.FromHours(1));
        var otherAudience = DevelopmentTokens.Issue(Convert.FromBase64String(TestTokens.SigningKey), new AuthOptions { Audience = "elsewhere" }, "dr-1", [FedBusRoles.Radiologist], "site-a", TimeSpan.FromHours(1));
        var otherSite = TestTokens.Issue("dr-1", "site-b", FedBusRoles.Radiologist);

        Assert.Equal(HttpStatusCode.OK, (await GetAsync("/health/live", null)).Status);
        var none = await GetAsync("/probe", null);
        Assert.Equal(HttpStatusCode.Unauthorized, none.Status);
        Assert.Contains("bearer token", none.Body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync("/probe", otherKey)).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync("/probe", otherAudience)).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync("/probe", valid[..^4] + "AAAA")).Status);
        var ok = await GetAsync("/probe", valid);
        Assert.Equal((HttpStatusCode.OK, "dr-1"), (ok.Status, ok.Body));
        var forbidden = await GetAsync("/site-only", otherSite);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.Status);
        Assert.Contains("not of site 'site-a'", forbidden.Body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync("/site-only", valid)).Status);

        await _app.StopAsync();
        string[] lines;
        lock (_lines) lines = [.. _lines];
        Assert.NotEmpty(lines);
        foreach (var token in new[] { valid, otherKey, otherAudience, otherSite })
        {
            var signature = token[(token.LastIndexOf('.') + 1)..];
            Assert.DoesNotContain(lines, l => l.Contains(signature, StringComparison.Ordinal) || l.Contains(token.Split('.')[1], StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Every_response_carries_the_security_headers_and_names_no_server()
    {
        using var response = await _http.GetAsync("/probe");
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Equal(SecurityHeaders.ApiPolicy, response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.False(response.Headers.Contains("Server"));
    }

    private async Task<(HttpStatusCode Status, string Body)> GetAsync(string path, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await _http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.DisposeAsync();
        Directory.Delete(_data, recursive: true);
    }

    private sealed class AllLinesLoggerProvider(List<string> lines) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, lines);

        public void Dispose() { }

        private sealed class Logger(string category, List<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                lock (lines) lines.Add($"{category}: {formatter(state, exception)} {exception}");
            }
        }
    }
}
