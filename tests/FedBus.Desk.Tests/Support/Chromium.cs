using FedBus.Testing;
using Microsoft.Playwright;

namespace FedBus.Desk.Tests.Support;

/// <summary>
/// Debian's chromium, headless, driven by Playwright; one per test collection. Playwright never downloads a browser here:
/// the executable is /usr/bin/chromium (./build.sh test installs the package), and the background-networking flags keep
/// Chromium from calling out of this closed machine.
/// </summary>
public sealed class Chromium : IAsyncLifetime
{
    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        var executable = RequiredTool.Find("chromium", "chromium");
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = executable,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-default-apps", "--disable-extensions",
            ],
        });
    }

    /// <summary>A fresh browser profile (no reader signed in) at a fixed size and scale, so canvas pixels map 1:1 to CSS pixels.</summary>
    public Task<IBrowserContext> NewContextAsync(string baseUrl) => Browser.NewContextAsync(new BrowserNewContextOptions
    {
        BaseURL = baseUrl,
        ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
        DeviceScaleFactor = 1,
    });

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.CloseAsync();
        _playwright?.Dispose();
    }
}
