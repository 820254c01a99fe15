using System.Security.Cryptography;
using FedBus.Contracts;
using FedBus.ServiceDefaults.Blobs;
using FedBus.ServiceDefaults.Federation.Weights;
using FedBus.ServiceDefaults.Hosting;
using FedBus.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FedBus.ServiceDefaults.Tests.Federation;

/// <summary>The claim check as a site gets it from AddServiceDefaults, against a real HTTP weight store.</summary>
public sealed class WeightClaimCheckTests : IAsyncLifetime
{
    private const int InlineLimit = 64 * 1024;
    private readonly string _root = Directory.CreateTempSubdirectory("fedbus-weights-").FullName;
    private readonly List<IHost> _hosts = [];
    private WeightHub _hub = null!;

    public async Task InitializeAsync() => _hub = await WeightHub.StartAsync(Path.Combine(_root, "hub"));

    [Fact]
    public async Task Small_weights_ride_inline_and_never_touch_the_hub()
    {
        var (site, _) = Site("site-a");
        var file = RandomNumberGenerator.GetBytes(1000);

        var claim = await site.PackAsync(file);

        Assert.Equal(file, claim.Inline);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(file)), claim.WeightsSha256);
        Assert.Equal(file, await Site("site-b").Claims.ResolveAsync(claim));
        Assert.Equal((0, 0), (_hub.Puts, _hub.Gets));
    }

    [Fact]
    public async Task Large_weights_go_to_the_hub_by_HTTP_and_another_site_fetches_them_once()
    {
        var (siteA, _) = Site("site-a");
        var (siteB, blobsB) = Site("site-b");
        var file = RandomNumberGenerator.GetBytes(3 * InlineLimit);

        var claim = await siteA.PackAsync(file);

        Assert.Null(claim.Inline);
        Assert.Equal(file.Length, claim.SizeBytes);
        Assert.Equal(1, _hub.Puts);
        Assert.Equal(file, await _hub.Blobs.ReadAllBytesAsync(claim.WeightsSha256));
        Assert.Equal(file, await siteB.ResolveAsync(claim));
        Assert.True(blobsB.Exists(claim.WeightsSha256));
        Assert.Equal(file, await siteB.ResolveAsync(claim));
        Assert.Equal(1, _hub.Gets);
    }

    [Fact]
    public async Task A_tampered_blob_at_the_hub_is_refused_and_not_cached()
    {
        var claim = await Site("site-a").Claims.PackAsync(RandomNumberGenerator.GetBytes(3 * InlineLimit));
        _hub.Tamper(claim.WeightsSha256);
        var (siteB, blobsB) = Site("site-b");

        var refused = await Assert.ThrowsAsync<WeightVerificationException>(() => siteB.ResolveAsync(claim));

        Assert.Contains(_hub.Url.Authority, refused.Origin, StringComparison.Ordinal);
        Assert.False(blobsB.Exists(claim.WeightsSha256));
    }

    [Fact]
    public async Task Tampered_inline_weights_are_refused()
    {
        var claim = await Site("site-a").Claims.PackAsync(RandomNumberGenerator.GetBytes(1000));
        var altered = claim with { Inline = [.. claim.Inline!] };
        altered.Inline![10] ^= 1;

        var refused = await Assert.ThrowsAsync<WeightVerificationException>(() => Site("site-b").Claims.ResolveAsync(altered));
        Assert.Equal("inline", refused.Origin);
    }

    [Fact]
    public async Task A_corrupt_local_copy_is_dropped_and_fetched_again_from_the_hub()
    {
        var file = RandomNumberGenerator.GetBytes(3 * InlineLimit);
        var claim = await Site("site-a").Claims.PackAsync(file);
        var (siteB, blobsB) = Site("site-b");
        await siteB.ResolveAsync(claim);
        var cached = ((FileSystemBlobStore)blobsB).PathOf(claim.WeightsSha256);
        var bytes = await File.ReadAllBytesAsync(cached);
        bytes[0] ^= 1;
        await File.WriteAllBytesAsync(cached, bytes);

        Assert.Equal(file, await siteB.ResolveAsync(claim));
        Assert.Equal(2, _hub.Gets);
    }

    [Fact]
    public async Task At_the_hub_packing_keeps_the_file_in_its_own_blob_store_without_HTTP()
    {
        var (hub, hubBlobs) = Site(siteId: null);
        var file = RandomNumberGenerator.GetBytes(3 * InlineLimit);

        var claim = await hub.PackAsync(file);

        Assert.True(hub.IsHub);
        Assert.Null(claim.Inline);
        Assert.Equal(file, await hubBlobs.ReadAllBytesAsync(claim.WeightsSha256));
        Assert.Equal(file, await hub.ResolveAsync(claim));
        Assert.Equal((0, 0), (_hub.Puts, _hub.Gets));
    }

    [Fact]
    public async Task The_hub_keeps_an_inline_update_it_resolves_so_its_digest_alone_finds_it_later()
    {
        var update = await Site("site-a").Claims.PackAsync(RandomNumberGenerator.GetBytes(1000));
        var (hub, hubBlobs) = Site(siteId: null);

        await hub.ResolveAsync(update);

        Assert.Equal(update.Inline, await hub.ResolveAsync(update with { Inline = null }));
        Assert.True(hubBlobs.Exists(update.WeightsSha256));
    }

    [Fact]
    public async Task A_hub_that_does_not_answer_is_a_transient_failure_and_a_hub_that_refuses_is_not()
    {
        var missing = new ModelWeights(new string('a', 64), 3 * InlineLimit, null);
        var (unreachable, _) = Site("site-a", new Uri($"http://127.0.0.1:{FreeTcpPort.Next()}/"));

        var down = await Assert.ThrowsAsync<WeightTransferException>(() => unreachable.ResolveAsync(missing));
        var refused = await Assert.ThrowsAsync<WeightTransferException>(() => Site("site-b").Claims.ResolveAsync(missing));

        Assert.Null(down.StatusCode);
        Assert.True(down.Transient, down.Message);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, refused.StatusCode);
        Assert.False(refused.Transient, refused.Message);
    }

    private (WeightClaimCheck Claims, IBlobStore Blobs) Site(string? siteId, Uri? hubUrl = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["FedBus:SiteId"] = siteId,
            ["FedBus:DataDirectory"] = Path.Combine(_root, siteId ?? "hub-service"),
            ["FedBus:Bus:Transport"] = "InMemory",
            // Empty at the hub, as a compose file's empty variable gives it: unset.
            ["FedBus:Federation:HubUrl"] = siteId is null ? "" : (hubUrl ?? _hub.Url).ToString(),
            // The HTTP client's own retries of a hub that does not answer, short.
            ["FedBus:Federation:WeightRetryDelay"] = "00:00:00.050",
            ["FedBus:Federation:InlineWeightsLimitBytes"] = InlineLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddServiceDefaults(siteId is null ? "aggregation" : "training");
        var host = builder.Build();
        _hosts.Add(host);
        return (host.Services.GetRequiredService<WeightClaimCheck>(), host.Services.GetRequiredService<IBlobStore>());
    }

    public async Task DisposeAsync()
    {
        foreach (var host in _hosts) host.Dispose();
        await _hub.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }
}
