using FedBus.ServiceDefaults.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Json;

namespace FedBus.ServiceDefaults.Tests.Hosting;

public sealed class FedBusWebApplicationTests
{
    [Fact]
    public void A_service_host_reads_its_appsettings_without_watching_the_content_root_for_changes()
    {
        var root = Directory.CreateTempSubdirectory("fedbus-host-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(root, "appsettings.json"), """{ "FedBus": { "SiteId": "site-x" } }""");
            var builder = FedBusWebApplication.CreateBuilder(["--contentRoot", root]);

            var json = builder.Configuration.Sources.OfType<JsonConfigurationSource>().ToList();
            Assert.NotEmpty(json);
            Assert.All(json, s => Assert.False(s.ReloadOnChange, $"{s.Path} is watched"));
            Assert.Equal("site-x", builder.Configuration["FedBus:SiteId"]);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void A_plain_web_application_would_watch_them_which_is_what_the_service_host_turns_off()
    {
        // The default this guards against: if it ever changes, the service host's argument may go.
        var builder = WebApplication.CreateBuilder(["--contentRoot", Path.GetTempPath()]);
        Assert.Contains(builder.Configuration.Sources.OfType<JsonConfigurationSource>(), s => s.ReloadOnChange);
    }
}
