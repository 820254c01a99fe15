using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using FedBus.ServiceDefaults.Limits;
using FedBus.ServiceDefaults.Security;
using FedBus.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;

namespace FedBus.ServiceDefaults.Tests.Limits;

/// <summary>
/// The request limits of AddServiceDefaults/MapDefaultEndpoints on a real Kestrel host: a JSON route bound by the
/// framework takes the default, an upload route its own; one byte more, declared or chunked, is 413 with the limit.
/// </summary>
public sealed class RequestLimitTests : IAsyncLifetime
{
    private const int DefaultLimit = 2048;
    private const int UploadLimit = 8192;
    private readonly string _data = Directory.CreateTempSubdirectory("fedbus-limits-").FullName;
    private readonly List<int> _uploads = [];
    private WebApplication _app = null!;
    private HttpClient _http = null!;

    public sealed record Note(string Text);

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["FedBus:SiteId"] = "site-a",
            ["FedBus:DataDirectory"] = _data,
            [TestTokens.SettingKey] = TestTokens.SigningKey,
            ["FedBus:RequestLimits:DefaultBytes"] = DefaultLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        builder.AddServiceDefaults("limits-test");
        _app = builder.Build();
        _app.MapDefaultEndpoints();
        _app.MapPost("/notes", (Note note) => Results.Ok(note.Text.Length));
        _app.MapPost("/uploads", async (HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            lock (_uploads) _uploads.Add((int)body.Length);
            return Results.Ok(body.Length);
        }).WithRequestLimit(UploadLimit);
        await _app.StartAsync();
        _http = new HttpClient { BaseAddress = new Uri(_app.Urls.First()) };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestTokens.Issue("limits", "site-a", FedBusRoles.Radiologist));
    }

    [Fact]
    public async Task A_json_route_takes_the_default_limit_and_one_byte_more_declared_or_chunked_is_413_with_the_limit()
    {
        Assert.Equal(HttpStatusCode.OK, (await PostAsync("/notes", Json(DefaultLimit), chunked: true)).Status);

        foreach (var chunked in new[] { false, true })
        {
            var (status, code, max) = await PostAsync("/notes", Json(DefaultLimit + 1), chunked);
            Assert.Equal((HttpStatusCode.RequestEntityTooLarge, RequestLimitMiddleware.Code, (long?)DefaultLimit), (status, code, max));
        }
    }

    [Fact]
    public async Task An_upload_route_takes_its_own_limit_and_nothing_over_it_reaches_the_handler()
    {
        Assert.Equal(HttpStatusCode.OK, (await PostAsync("/uploads", new byte[UploadLimit], chunked: true)).Status);

        foreach (var chunked in new[] { false, true })
        {
            var (status, code, max) = await PostAsync("/uploads", new byte[UploadLimit + 1], chunked);
            Assert.Equal((HttpStatusCode.RequestEntityTooLarge, RequestLimitMiddleware.Code, (long?)UploadLimit), (status, code, max));
        }
        lock (_uploads) Assert.Equal([UploadLimit], _uploads);
    }

    [Fact]
    public async Task A_caller_without_a_token_gets_401_before_any_limit_is_looked_at()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/uploads") { Content = new ByteArrayContent(new byte[UploadLimit + 1]) };
        request.Headers.Authorization = null;
        using var anonymous = new HttpClient { BaseAddress = _http.BaseAddress };

        using var response = await anonymous.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        lock (_uploads) Assert.Empty(_uploads);
    }

    private static byte[] Json(int length) => Encoding.UTF8.GetBytes("{\"text\":\"" + new string('x', length - 11) + "\"}");

    private async Task<(HttpStatusCode Status, string? Code, long? MaxBytes)> PostAsync(string path, byte[] body, bool chunked)
    {
        HttpContent content = chunked ? new ChunkedContent(body) : new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await _http.PostAsync(path, content);
        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json") return (response.StatusCode, null, null);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (response.StatusCode, problem.RootElement.GetProperty("code").GetString(), problem.RootElement.GetProperty("maxBytes").GetInt64());
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.DisposeAsync();
        Directory.Delete(_data, recursive: true);
    }
}
