using System.Net;
using FedBus.AppHost.Demo;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace FedBus.AppHost.Tests;

/// <summary>The demo's gateway checks the token itself, before anything reaches the services behind it.</summary>
public sealed class DemoGatewayTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("fedbus-demo-gateway-").FullName;

    [Fact]
    public async Task A_request_without_a_valid_token_is_refused_at_the_gateway_and_a_signed_one_is_forwarded_with_its_token()
    {
        // A backend that answers anyone and notes what reached it.
        var reached = new List<string?>();
        var backend = HostFactory.Create("backend", Path.Combine(_folder, "backend"), Path.Combine(_folder, "logs"), new Dictionary<string, string?>()).Build();
        backend.MapGet("/annotations/ping", (HttpRequest request) =>
        {
            lock (reached) reached.Add(request.Headers.Authorization.ToString());
            return "pong";
        });
        await backend.StartAsync();
        await using var gateway = await GatewayHost.StartAsync("test", HostFactory.Address(backend), _folder, CancellationToken.None);
        using var http = new HttpClient { BaseAddress = gateway.Address };

        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/annotations/ping")).StatusCode);
        using (var forged = new HttpRequestMessage(HttpMethod.Get, "/annotations/ping"))
        {
            forged.Headers.Authorization = new("Bearer", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJtYWxsb3J5In0.c2lnbmF0dXJl");
            Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendAsync(forged)).StatusCode);
        }
        Assert.Empty(reached);

        var token = DemoTokens.For("radiologist", "site-a", "dr-test");
        using var signed = new HttpRequestMessage(HttpMethod.Get, "/annotations/ping") { Headers = { Authorization = token } };
        var answer = await http.SendAsync(signed);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal("pong", await answer.Content.ReadAsStringAsync());
        Assert.Equal([token.ToString()], reached);
        await backend.StopAsync();
        await backend.DisposeAsync();
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
