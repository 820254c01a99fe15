using System.Globalization;
using System.Text.Json;
using FedBus.Contracts;
using FedBus.Desk.Tests.Support;
using Xunit.Abstractions;

namespace FedBus.Desk.Tests;

/// <summary>
/// The federation dashboard in real headless Chromium, served by the real gateway in front of the real aggregation
/// service: a hub-admin starts a round with the button, watches it finish with the gate's figures, and rolls the model
/// back with the button; the hub's API then names the earlier version current.
/// </summary>
[Collection(DeskCollection.Name)]
public sealed class FederationDashboardTests(Chromium chromium, SharedDeskSite shared, ITestOutputHelper output)
{
    private const string ModelId = "brain-dash";

    [Fact]
    public async Task A_hub_admin_sees_a_finished_round_with_its_gate_decision_and_rolls_the_model_back_with_the_button()
    {
        var site = shared.Site;
        var sites = new HubSites(site);
        await sites.ImportAsync(ModelId);
        // What the sites' QC reports: counts only, never an image or a label.
        await sites.ReportAsync("site-a", ModelId,
            [new("studies-received", 120), new("tasks-opened", 40), new("annotations-reviewed", 38), new("annotations-accepted", 31), new("accepted-cases", 31), new("qc-rejected:one-based-labels", 7)],
            [new(0, 31), new(1, 29)]);
        await sites.ReportAsync("site-b", ModelId, [new("annotations-reviewed", 12), new("annotations-accepted", 12), new("accepted-cases", 12)], [new(0, 12), new(1, 12)]);
        await Eventually.Async(async () => (await sites.GetAsync<JsonElement>($"/aggregation/models/{ModelId}/statistics")).GetProperty("reportingSites").GetInt32() == 2,
            "the hub to record both sites' statistics");

        await using var desk = await DeskPage.OpenAsync(chromium, site, nameof(A_hub_admin_sees_a_finished_round_with_its_gate_decision_and_rolls_the_model_back_with_the_button), output);
        await desk.SignInToDashboardAsync(DeskSite.HubAdmin);
        var page = desk.Page;
        Assert.Equal("v1", await desk.TextAsync("current-version"));
        await page.WaitForSelectorAsync("[data-testid=no-rounds]");
        var siteA = page.Locator("[data-testid=site-row][data-site=site-a]");
        Assert.Equal("one-based-labels: 7", await siteA.Locator("[data-testid=qc-rejections]").InnerTextAsync());
        Assert.Equal(["background: 31", "brain: 29"], Lines(await siteA.Locator("[data-testid=label-counts]").InnerTextAsync()));
        Assert.Equal("120", await siteA.Locator("[data-count=studies]").InnerTextAsync());
        Assert.Contains("background 43, brain 41", await desk.TextAsync("pooled"), StringComparison.Ordinal);
        await desk.ScreenshotAsync("dashboard-before-round");
        await page.Locator("[data-testid=sites]").ScrollIntoViewIfNeededAsync();
        await desk.ScreenshotAsync("sites-activity");

        // The button starts a round for the live (configured) sites; the row appears and waits for them.
        await page.ClickAsync("[data-testid=start-round]");
        await page.WaitForSelectorAsync("[data-testid=round-row][data-state=Collecting]");
        // One open round per model: the button is off until this one closes.
        await page.WaitForSelectorAsync("[data-testid=start-round]:disabled");
        Assert.Equal("0 of 2", (await page.InnerTextAsync("[data-testid=round-row] [data-testid=answered]")).Split('\n')[0]);
        await desk.ScreenshotAsync("round-collecting");
        var round = (await sites.GetAsync<JsonElement>($"/aggregation/rounds?modelId={ModelId}"))[0];
        var roundId = round.GetProperty("roundId").GetGuid();
        Assert.Equal(DeskSite.HubAdmin, round.GetProperty("requestedBy").GetString());
        Assert.Equal(DeskSite.HubSites, round.GetProperty("invitedSites").EnumerateArray().Select(s => s.GetString()!).ToArray());

        await sites.TrainAsync(roundId, ModelId, 1, ("site-a", 0.01f, 30), ("site-b", -0.02f, 10));
        // The dashboard follows the round on its own (polling): aggregated, waiting for the sites' validations.
        await page.WaitForSelectorAsync("[data-testid=round-row][data-state=Validating]", new() { Timeout = 30_000 });
        await desk.ScreenshotAsync("round-validating");
        var candidate = (await sites.GetAsync<JsonElement>($"/aggregation/rounds/{roundId}")).GetProperty("candidate").GetProperty("version").GetInt32();
        (string Site, int Cases, double Candidate, double Current)[] validations = [("site-a", 30, 0.86, 0.80), ("site-b", 10, 0.82, 0.79)];
        await sites.ValidateAsync(roundId, ModelId, candidate, 1, validations);

        await page.WaitForSelectorAsync("[data-testid=round-row][data-state=Published]", new() { Timeout = 30_000 });
        await page.WaitForSelectorAsync("[data-testid=start-round]:enabled");
        await desk.ScreenshotAsync("round-published");
        // The gate's figures as the dashboard shows them: the validation-case-weighted dice of the candidate and the current model.
        var cases = validations.Sum(v => v.Cases);
        var weightedCandidate = validations.Sum(v => v.Candidate * v.Cases) / cases;
        var weightedCurrent = validations.Sum(v => v.Current * v.Cases) / cases;
        var gate = await page.InnerTextAsync("[data-testid=round-row] [data-testid=gate]");
        Assert.StartsWith("Publish", gate, StringComparison.Ordinal);
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"dice {weightedCandidate:0.0000} vs {weightedCurrent:0.0000}"), gate, StringComparison.Ordinal);
        Assert.Contains($"on {cases} cases", gate, StringComparison.Ordinal);
        Assert.Equal("2 of 2", (await page.InnerTextAsync("[data-testid=round-row] [data-testid=answered]")).Trim());
        Assert.Contains("passed", await page.InnerTextAsync("[data-testid=round-site][data-site=site-b]"), StringComparison.Ordinal);
        var point = page.Locator("[data-testid=plot-point]");
        Assert.Equal(1, await point.CountAsync());
        Assert.Equal(weightedCandidate, double.Parse((await point.GetAttributeAsync("data-value"))!, CultureInfo.InvariantCulture), 9);
        Assert.Equal("true", await page.GetAttributeAsync($"[data-testid=version-row][data-version='{candidate}']", "data-current"));
        Assert.Equal("round #1 (FedAvg) from v1", await page.InnerTextAsync($"[data-testid=version-row][data-version='{candidate}'] [data-testid=lineage]"));
        Assert.Equal("imported", await page.InnerTextAsync("[data-testid=version-row][data-version='1'] [data-testid=lineage]"));
        var before = await sites.GetAsync<JsonElement>($"/aggregation/models/{ModelId}");
        Assert.Equal(candidate, before.GetProperty("currentVersion").GetInt32());

        // The new version's weights download (the route needs the token, so the page fetches them): the hub's file, byte for byte.
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync($"[data-testid=download-{candidate}]"));
        Assert.Equal($"{ModelId}-v{candidate}.safetensors", download.SuggestedFilename);
        var downloaded = await File.ReadAllBytesAsync((await download.PathAsync())!);
        var stored = (await sites.GetAsync<JsonElement>($"/aggregation/models/{ModelId}/versions/{candidate}")).GetProperty("weightsSha256").GetString();
        Assert.Equal(stored, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(downloaded)));

        // Roll back to version 1 with the button, saying why.
        const string reason = "site-b reports worse contours since v2";
        await page.ClickAsync("[data-testid=rollback-1]");
        await page.FillAsync("[data-testid=rollback-reason]", reason);
        await desk.ScreenshotAsync("rollback-form");
        await page.ClickAsync("[data-testid=rollback-confirm]");
        await page.WaitForSelectorAsync("[data-testid=version-row][data-version='1'][data-current=true]");
        Assert.Equal("v1", await desk.TextAsync("current-version"));
        await desk.ScreenshotAsync("rolled-back");

        // The hub's own answer: version 1 is current again, as a new publication that names the rollback.
        var after = await sites.GetAsync<JsonElement>($"/aggregation/models/{ModelId}");
        Assert.Equal(1, after.GetProperty("currentVersion").GetInt32());
        Assert.Equal(before.GetProperty("publication").GetInt64() + 1, after.GetProperty("publication").GetInt64());
        var v1 = await sites.GetAsync<JsonElement>($"/aggregation/models/{ModelId}/versions/1");
        var publication = v1.GetProperty("publications").EnumerateArray().Last();
        Assert.True(publication.GetProperty("isRollback").GetBoolean());
        Assert.Equal(reason, publication.GetProperty("reason").GetString());
        Assert.Equal(DeskSite.HubAdmin, publication.GetProperty("requestedBy").GetString());
        desk.AssertNoPageErrors();
    }

    [Fact]
    public async Task A_hub_viewer_reads_the_dashboard_with_the_sites_but_gets_no_button_to_start_a_round_or_roll_back()
    {
        const string model = "brain-dash-viewer";
        var sites = new HubSites(shared.Site);
        await sites.ImportAsync(model);
        await sites.ReportAsync("site-a", model, [new("studies-received", 9), new("annotations-accepted", 4), new("accepted-cases", 4)], [new(0, 4)]);
        await Eventually.Async(async () => (await sites.GetAsync<JsonElement>($"/aggregation/models/{model}/statistics")).GetProperty("reportingSites").GetInt32() == 1,
            "the hub to record the site's statistics");

        await using var desk = await DeskPage.OpenAsync(chromium, shared.Site, nameof(A_hub_viewer_reads_the_dashboard_with_the_sites_but_gets_no_button_to_start_a_round_or_roll_back), output);
        await desk.SignInToDashboardAsync("ml-viewer", FedBus.ServiceDefaults.Security.FedBusRoles.HubViewer);
        var page = desk.Page;
        await page.EvaluateAsync($"() => {{ location.hash = '#/dashboard/{model}'; }}");
        await page.WaitForSelectorAsync("[data-testid=version-row][data-version='1']");
        Assert.Equal("v1", await desk.TextAsync("current-version"));
        // The hub's own bookkeeping of its sites is open to a viewer: every configured site has its row, with its counts.
        await page.WaitForSelectorAsync("[data-testid=site-row][data-site=site-a]");
        Assert.Equal("9", await page.Locator("[data-testid=site-row][data-site=site-a] [data-count=studies]").InnerTextAsync());
        Assert.Equal(DeskSite.HubSites.Length, await page.Locator("[data-testid=site-row]").CountAsync());
        // No changes offered: the start button is hidden, the header says why, no version offers a rollback.
        Assert.True(await page.Locator("[data-testid=start-round]").IsHiddenAsync());
        Assert.Contains("Read-only", await page.Locator(".page-head .hint").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await page.Locator("button[data-testid^=rollback-]").CountAsync());
        Assert.Equal(1, await page.Locator("header nav a[href='#/dashboard']").CountAsync());
        await desk.ScreenshotAsync("hub-viewer-dashboard");
        desk.AssertNoPageErrors();
    }

    [Fact]
    public async Task A_radiologist_who_opens_the_dashboards_address_gets_the_worklist_and_no_federation_link()
    {
        await using var desk = await DeskPage.OpenAsync(chromium, shared.Site, nameof(A_radiologist_who_opens_the_dashboards_address_gets_the_worklist_and_no_federation_link), output);
        await desk.SignInAsync(DeskSite.Reader);
        await desk.Page.EvaluateAsync("() => { location.hash = '#/dashboard'; }");
        await desk.Page.WaitForFunctionAsync("() => location.hash === '#/worklist' && document.body.dataset.route === 'worklist'");
        Assert.Equal(0, await desk.Page.Locator("header nav a[href='#/dashboard']").CountAsync());
        Assert.Equal(0, await desk.Page.Locator("[data-testid=rounds]").CountAsync());
        await desk.ScreenshotAsync("radiologist-sent-to-worklist");
        desk.AssertNoPageErrors();
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
