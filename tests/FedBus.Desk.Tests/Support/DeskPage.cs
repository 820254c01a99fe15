using System.Text.Json;
using FedBus.Testing;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace FedBus.Desk.Tests.Support;

/// <summary>The desk in one browser tab, driven as a radiologist would (mouse and keyboard), with screenshots of each state.</summary>
public sealed class DeskPage(IBrowserContext context, IPage page, string screenshotFolder, ITestOutputHelper output) : IAsyncDisposable
{
    private const string Canvas = "canvas.viewer-canvas";
    private readonly List<string> _errors = [];
    private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();
    private int _shots;

    public IPage Page => page;

    public static Task<DeskPage> OpenAsync(Chromium chromium, DeskSite site, string testName, ITestOutputHelper output) =>
        OpenAsync(chromium, site.GatewayUrl, testName, output);

    /// <summary>Opens the desk of the gateway at <paramref name="gatewayUrl"/> in a fresh browser profile.</summary>
    public static async Task<DeskPage> OpenAsync(Chromium chromium, string gatewayUrl, string testName, ITestOutputHelper output)
    {
        var context = await chromium.NewContextAsync(gatewayUrl);
        var page = await context.NewPageAsync();
        var folder = Path.Combine(RepositoryPaths.Root, "artifacts", "desk-screenshots", testName);
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        Directory.CreateDirectory(folder);
        var desk = new DeskPage(context, page, folder, output);
        page.PageError += (_, e) => desk.Error($"page error: {e}");
        page.Console += (_, m) => { if (m.Type == "error") desk.Error($"console error: {m.Text}"); };
        await page.GotoAsync("/desk/");
        return desk;
    }

    /// <summary>Signs in by pasting a development token of the reader (a radiologist of the desk's site) and waits for the worklist.</summary>
    public async Task SignInAsync(string reader)
    {
        await page.FillAsync("[data-testid=token]", TestTokens.Issue(reader, DeskSite.SiteId, FedBus.ServiceDefaults.Security.FedBusRoles.Radiologist));
        await page.ClickAsync("[data-testid=sign-in]");
        await page.WaitForSelectorAsync("body[data-route=worklist]");
    }

    /// <summary>Signs in with a hub-admin's development token (no site) and waits for the federation dashboard.</summary>
    public async Task SignInToDashboardAsync(string user, string role = FedBus.ServiceDefaults.Security.FedBusRoles.HubAdmin)
    {
        await page.FillAsync("[data-testid=token]", TestTokens.Issue(user, null, role));
        await page.ClickAsync("[data-testid=sign-in]");
        await page.WaitForSelectorAsync("body[data-route=dashboard]");
    }

    public async Task ReloadWorklistAsync()
    {
        await page.Keyboard.PressAsync("r");
        await page.WaitForSelectorAsync("body[data-route=worklist]");
    }

    /// <summary>Opens the top task of the worklist with the keyboard (N) and waits until its image is drawn.</summary>
    public async Task<string> OpenTopTaskAsync()
    {
        var taskId = await page.GetAttributeAsync("[data-testid=task-row] >> nth=0", "data-task-id");
        await page.Keyboard.PressAsync("n");
        await WaitForImageAsync();
        return taskId!;
    }

    public async Task WaitForImageAsync()
    {
        await page.WaitForSelectorAsync($"{Canvas}[data-ready=true]");
        await page.WaitForSelectorAsync("body[data-route=tasks]");
    }

    public async Task<ViewGeometry> GeometryAsync()
    {
        var values = await page.EvalOnSelectorAsync<string[]>(Canvas,
            "c => { const r = c.getBoundingClientRect(); return [r.left, r.top, c.dataset.scale, c.dataset.ox, c.dataset.oy].map(String); }");
        return ViewGeometry.Parse(values);
    }

    public async Task<(double Center, double Width)> WindowAsync()
    {
        var values = await page.EvalOnSelectorAsync<string[]>(Canvas, "c => [c.dataset.windowCenter, c.dataset.windowWidth]");
        return (double.Parse(values[0], System.Globalization.CultureInfo.InvariantCulture), double.Parse(values[1], System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// A mouse drag through whole page points, pressing <paramref name="button"/> at the first and releasing at the last.
    /// Each leg is one move: the desk then sees exactly these points (intermediate steps would be interpolated positions).
    /// </summary>
    public async Task DragAsync(MouseButton button, params (int X, int Y)[] points)
    {
        await page.Mouse.MoveAsync(points[0].X, points[0].Y);
        await page.Mouse.DownAsync(new MouseDownOptions { Button = button });
        foreach (var p in points.Skip(1)) await page.Mouse.MoveAsync(p.X, p.Y);
        await page.Mouse.UpAsync(new MouseUpOptions { Button = button });
    }

    public Task DragAsync(params (int X, int Y)[] points) => DragAsync(MouseButton.Left, points);

    /// <summary>The red channel of the viewer's canvas at a backing-store pixel (the image is gray there).</summary>
    public async Task<int> CanvasPixelAsync((int X, int Y) at) =>
        await page.EvalOnSelectorAsync<int>(Canvas, "(c, p) => c.getContext('2d').getImageData(p[0], p[1], 1, 1).data[0]", new[] { at.X, at.Y });

    /// <summary>A row of canvas pixels, to tell two renderings apart.</summary>
    public async Task<int[]> CanvasRowAsync(int y) =>
        await page.EvalOnSelectorAsync<int[]>(Canvas, "(c, y) => Array.from(c.getContext('2d').getImageData(0, y, c.width, 1).data.filter((_, i) => i % 4 === 0))", y);

    public async Task<string> TextAsync(string testId) => await page.InnerTextAsync($"[data-testid={testId}]");

    public async Task SubmitAsync()
    {
        await page.Keyboard.PressAsync("Control+Enter");
        await page.WaitForSelectorAsync("[data-testid=flash]:not([hidden])");
        await page.WaitForSelectorAsync("body[data-route=worklist]");
    }

    /// <summary>Saves a screenshot as a test artefact and names it in the test output.</summary>
    public async Task ScreenshotAsync(string state)
    {
        var path = Path.Combine(screenshotFolder, $"{++_shots:00}-{state}.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path });
        output.WriteLine($"{_clock.Elapsed.TotalSeconds,5:0.0} s  screenshot: {Path.GetRelativePath(RepositoryPaths.Root, path)}");
    }

    /// <summary>Fails with every script error and console error the page reported (a desk that threw is not working).</summary>
    public void AssertNoPageErrors() => Assert.True(_errors.Count == 0, "The page reported errors:\n" + string.Join("\n", _errors));

    private void Error(string text)
    {
        lock (_errors) _errors.Add(text);
        output.WriteLine(text);
    }

    public static JsonElement Parse(string json) => JsonDocument.Parse(json).RootElement.Clone();

    public async ValueTask DisposeAsync() => await context.CloseAsync();
}
