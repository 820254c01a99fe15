using FedBus.ServiceDefaults.Logging;
using FedBus.ServiceDefaults.Privacy;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FedBus.ServiceDefaults.Tests.Privacy;

/// <summary>What AddServiceDefaults does to logging: the hasher, file capture, request URLs kept out.</summary>
public sealed class LoggingDefaultsTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("fedbus-logging-").FullName;

    [Fact]
    public void The_capture_file_gets_Information_and_above_with_scopes_and_no_Debug()
    {
        using var host = Build();
        var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("FedBus.Test");
        using (logger.BeginScope("scope {Name}", "outer"))
        {
            logger.LogDebug("debug line");
            logger.LogInformation("information line");
            logger.LogError(new InvalidOperationException("the failure"), "error line");
        }

        var text = File.ReadAllText(CaptureFile(host));
        Assert.DoesNotContain("debug line", text, StringComparison.Ordinal);
        Assert.Contains("Information FedBus.Test[0] information line => scope outer", text, StringComparison.Ordinal);
        Assert.Contains("Error FedBus.Test[0] error line => scope outer", text, StringComparison.Ordinal);
        Assert.Contains("System.InvalidOperationException: the failure", text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_request_log_category_is_off_for_every_provider_even_one_configured_to_log_everything()
    {
        using var host = Build(new() { ["Logging:Console:LogLevel:Default"] = "Trace", ["Logging:LogLevel:Default"] = "Trace" });
        var requests = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Microsoft.AspNetCore.Hosting.Diagnostics");
        // Hosting opens its RequestPath scope only when this is true.
        Assert.False(requests.IsEnabled(LogLevel.Critical));
        Assert.True(host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("FedBus.Test").IsEnabled(LogLevel.Trace));
    }

    [Fact]
    public void The_hasher_uses_the_configured_salt()
    {
        const string salt = "a site-wide secret of some length";
        using var host = Build(new() { [IdentifierSalt.ConfigurationKey] = salt });
        var expected = new IdentifierHasher(System.Text.Encoding.UTF8.GetBytes(salt)).Hash("2.25.1");
        Assert.Equal(expected, host.Services.GetRequiredService<IdentifierHasher>().Hash("2.25.1"));
    }

    private IHost Build(Dictionary<string, string?>? settings = null)
    {
        var builder = Host.CreateApplicationBuilder();
        var all = new Dictionary<string, string?>
        {
            ["FedBus:DataDirectory"] = _data,
            ["FedBus:Logging:CaptureDirectory"] = Path.Combine(_data, "logs"),
            // A provider's own rule, as a site would quieten its console: it outranks every rule without a provider.
            ["Logging:Console:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings ?? []) all[key] = value;
        builder.Configuration.AddInMemoryCollection(all);
        builder.AddServiceDefaults("logging-test");
        return builder.Build();
    }

    private static string CaptureFile(IHost host) =>
        host.Services.GetServices<ILoggerProvider>().OfType<FileCaptureLoggerProvider>().Single().FilePath;

    public void Dispose() => Directory.Delete(_data, recursive: true);
}
