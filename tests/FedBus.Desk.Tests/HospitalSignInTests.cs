using System.Net.Http.Json;
using System.Text.Json;
using FedBus.AnnotationRequest;
using FedBus.Desk.Tests.Support;
using FedBus.Gateway;
using FedBus.ServiceDefaults;
using FedBus.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace FedBus.Desk.Tests;

/// <summary>
/// The desk signing a reader in with the hospital's OIDC issuer, as production runs it: the gateway offers the issuer
/// (FedBus:Gateway:Desk:SignIn), the services trust it (FedBus:Auth:Authority, its keys from discovery), and the reader
/// never sees a token. Real Chromium, the real gateway and worklist service, and an issuer on loopback that speaks the
/// authorization code flow with PKCE.
/// </summary>
[Collection(DeskCollection.Name)]
public sealed class HospitalSignInTests(Chromium chromium, ITestOutputHelper output)
{
    [Fact]
    public async Task A_reader_signs_in_with_the_hospitals_issuer_and_the_worklist_accepts_its_token()
    {
        await using var issuer = await TestOidcIssuer.StartAsync();
        issuer.User = ("dr-oidc", ["radiologist"], DeskSite.SiteId);
        await using var site = await IssuerSite.StartAsync(issuer);

        // What the gateway tells the desk, and the policy that lets the desk reach the issuer (and nothing else).
        using (var http = new HttpClient { BaseAddress = new Uri(site.GatewayUrl) })
        {
            var response = await http.GetAsync("/desk/config.json");
            var config = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(issuer.Authority, config.GetProperty("signIn").GetProperty("authority").GetString());
            Assert.Equal(TestOidcIssuer.ClientId, config.GetProperty("signIn").GetProperty("clientId").GetString());
            Assert.Contains($"connect-src 'self' {issuer.Authority}", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        }

        await using var desk = await DeskPage.OpenAsync(chromium, site.GatewayUrl, nameof(A_reader_signs_in_with_the_hospitals_issuer_and_the_worklist_accepts_its_token), output);
        var page = desk.Page;
        await page.WaitForSelectorAsync("[data-testid=hospital-sign-in]");
        await desk.ScreenshotAsync("sign-in-offers-the-hospital");
        await page.ClickAsync("[data-testid=hospital-sign-in]");
        // To the issuer and back with a code; the desk exchanges it and the worklist (a call the service authorises) opens.
        await page.WaitForSelectorAsync("body[data-route=worklist]");
        Assert.Equal($"dr-oidc @ {DeskSite.SiteId}", await desk.TextAsync("reader"));
        Assert.Equal(1, issuer.Issued);
        Assert.Empty(issuer.Refusals);
        // The one-time code is gone from the address bar (a bookmark or a reload cannot replay it).
        Assert.Equal($"{site.GatewayUrl}/desk/", page.Url.Split('#')[0]);
        await desk.ScreenshotAsync("worklist-after-hospital-sign-in");

        // A reload keeps the reader signed in for this tab and does not replay the one-time code.
        await page.ReloadAsync();
        await page.WaitForSelectorAsync("body[data-route=worklist]");
        Assert.Equal(1, issuer.Issued);
        Assert.Empty(issuer.Refusals);
        desk.AssertNoPageErrors();
    }

    [Fact]
    public async Task A_sign_in_the_issuer_refuses_leaves_the_reader_on_the_sign_in_form_with_the_reason()
    {
        await using var issuer = await TestOidcIssuer.StartAsync();
        issuer.Refuse = "access_denied";
        await using var site = await IssuerSite.StartAsync(issuer);
        await using var desk = await DeskPage.OpenAsync(chromium, site.GatewayUrl, nameof(A_sign_in_the_issuer_refuses_leaves_the_reader_on_the_sign_in_form_with_the_reason), output);
        var page = desk.Page;
        await page.ClickAsync("[data-testid=hospital-sign-in]");
        await page.WaitForSelectorAsync("[data-testid=sign-in-error]:has-text('the reader declined')");
        Assert.Equal("sign-in", await page.EvaluateAsync<string>("document.body.dataset.route"));
        Assert.Equal(0, issuer.Issued);
        Assert.DoesNotContain("error=", page.Url, StringComparison.Ordinal);
        await desk.ScreenshotAsync("issuer-refused");
    }

    /// <summary>The worklist service and the gateway, both trusting the issuer (no development key anywhere).</summary>
    private sealed class IssuerSite : IAsyncDisposable
    {
        private readonly string _folder;
        private readonly WebApplication _site;
        private readonly WebApplication _gateway;

        private IssuerSite(string folder, WebApplication site, WebApplication gateway)
        {
            _folder = folder;
            _site = site;
            _gateway = gateway;
        }

        public string GatewayUrl => _gateway.Urls.Single();

        public static async Task<IssuerSite> StartAsync(TestOidcIssuer issuer)
        {
            var folder = Directory.CreateTempSubdirectory("fedbus-desk-oidc-").FullName;
            var trust = new Dictionary<string, string?>
            {
                ["FedBus:SiteId"] = DeskSite.SiteId,
                ["FedBus:Auth:Authority"] = issuer.Authority,
                ["FedBus:Auth:Audience"] = TestOidcIssuer.Audience,
                // Loopback over plain HTTP in the test; production issuers are https and this stays true.
                ["FedBus:Auth:RequireHttpsMetadata"] = "false",
            };
            var site = Builder(Path.Combine(folder, "site"), trust, new()
            {
                ["FedBus:DataDirectory"] = Path.Combine(folder, "site"),
                ["FedBus:Bus:Transport"] = "InMemory",
            });
            site.AddServiceDefaults("site");
            site.AddAnnotationRequest();
            var siteApp = site.Build();
            siteApp.MapDefaultEndpoints();
            siteApp.MapAnnotationRequest();
            await siteApp.StartAsync();

            var gateway = Builder(Path.Combine(folder, "gateway"), trust, new()
            {
                ["ReverseProxy:Routes:annotations:ClusterId"] = "site",
                ["ReverseProxy:Routes:annotations:Match:Path"] = "/annotations/{**rest}",
                ["ReverseProxy:Clusters:site:Destinations:d1:Address"] = siteApp.Urls.Single() + "/",
                [$"{DeskOptions.Section}:SignIn:Authority"] = issuer.Authority,
                [$"{DeskOptions.Section}:SignIn:ClientId"] = TestOidcIssuer.ClientId,
                [$"{DeskOptions.Section}:SignIn:Label"] = "Sign in with the test hospital's account",
            });
            gateway.AddGateway();
            var gatewayApp = gateway.Build();
            gatewayApp.MapGateway();
            await gatewayApp.StartAsync();
            return new IssuerSite(folder, siteApp, gatewayApp);
        }

        private static WebApplicationBuilder Builder(string folder, Dictionary<string, string?> trust, Dictionary<string, string?> settings)
        {
            Directory.CreateDirectory(folder);
            var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = folder, EnvironmentName = Environments.Production });
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Configuration.AddInMemoryCollection(trust.Concat(settings));
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            return builder;
        }

        public async ValueTask DisposeAsync()
        {
            await _gateway.StopAsync();
            await _gateway.DisposeAsync();
            await _site.StopAsync();
            await _site.DisposeAsync();
            try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
        }
    }
}
