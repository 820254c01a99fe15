using System.Net.Http.Json;
using System.Security.Cryptography;
using FedBus.Aggregation.Api;
using FedBus.Aggregation.Tests.Service.Support;
using FedBus.Testing;

namespace FedBus.Aggregation.Tests.Service;

/// <summary>The claim check's weight store at the hub: PUT/GET /aggregation/weights/{sha256}.</summary>
public sealed class WeightStoreTests : IDisposable
{
    private readonly TempFolder _folder = new();

    [Fact]
    public async Task A_weight_file_is_stored_under_its_digest_and_streamed_back()
    {
        await using var hub = new AggregationHost(_folder.Path);
        var file = TestModels.File();
        var sha = Sha(file);
        var http = SiteService(hub);

        var put = await http.PutAsync($"/aggregation/weights/{sha}", AggregationHost.Body(file));
        await put.ExpectAsync(201);
        Assert.Equal(new WeightsStored(sha, file.Length, false, $"/aggregation/weights/{sha}"), await put.Content.ReadFromJsonAsync<WeightsStored>());

        var get = await http.GetAsync($"/aggregation/weights/{sha}");
        await get.ExpectAsync(200);
        Assert.Equal(file, await get.Content.ReadAsByteArrayAsync());
        Assert.Equal($"\"{sha}\"", get.Headers.ETag!.Tag);

        var again = await http.PutAsync($"/aggregation/weights/{sha}", AggregationHost.Body(file));
        await again.ExpectAsync(200);
        Assert.True((await again.Content.ReadFromJsonAsync<WeightsStored>())!.AlreadyStored);
    }

    [Fact]
    public async Task A_body_whose_digest_is_not_the_one_in_the_url_is_refused_and_nothing_is_stored()
    {
        await using var hub = new AggregationHost(_folder.Path);
        var file = TestModels.File();
        var claimed = Sha([.. file, 0]);

        var put = await SiteService(hub).PutAsync($"/aggregation/weights/{claimed}", AggregationHost.Body(file));

        var (status, code, detail, _) = await put.ProblemAsync();
        Assert.Equal((400, "digest-mismatch"), (status, code));
        Assert.Contains($"The body's SHA-256 is {Sha(file)}, not {claimed}", detail, StringComparison.Ordinal);
        Assert.False(hub.Blobs.Exists(Sha(file)));
        Assert.False(hub.Blobs.Exists(claimed));
        await (await SiteService(hub).GetAsync($"/aggregation/weights/{claimed}")).ExpectAsync(404);
    }

    [Fact]
    public async Task A_body_over_the_size_limit_is_refused_with_413_with_or_without_a_content_length()
    {
        await using var hub = new AggregationHost(_folder.Path, new Dictionary<string, string> { ["FedBus:Aggregation:MaxWeightBytes"] = "4096" });
        var file = RandomNumberGenerator.GetBytes(5000);
        var sha = Sha(file);

        var declared = await SiteService(hub).PutAsync($"/aggregation/weights/{sha}", AggregationHost.Body(file));
        var streamed = await SiteService(hub).PutAsync($"/aggregation/weights/{sha}", new UnknownLengthContent(file));

        // Refused by the route's limit before the store sees a byte (declared) or while streaming (the store's own check).
        Assert.Equal((413, "request-too-large"), await StatusAndCode(declared));
        Assert.Equal(413, (await StatusAndCode(streamed)).Item1);
        Assert.False(hub.Blobs.Exists(sha));
        // Just under the limit is fine.
        var small = file[..4096];
        await (await SiteService(hub).PutAsync($"/aggregation/weights/{Sha(small)}", new UnknownLengthContent(small))).ExpectAsync(201);
    }

    [Fact]
    public async Task A_name_that_is_not_a_digest_or_an_empty_body_is_refused_and_an_unknown_digest_is_not_found()
    {
        await using var hub = new AggregationHost(_folder.Path);
        var http = SiteService(hub);

        Assert.Equal((400, "bad-digest"), await StatusAndCode(await http.PutAsync("/aggregation/weights/ABC", AggregationHost.Body([1, 2, 3]))));
        Assert.Equal((400, "bad-digest"), await StatusAndCode(await http.PutAsync($"/aggregation/weights/{Sha([1]).ToUpperInvariant()}", AggregationHost.Body([1]))));
        Assert.Equal((400, "empty"), await StatusAndCode(await http.PutAsync($"/aggregation/weights/{Sha([])}", AggregationHost.Body([]))));
        Assert.Equal((404, "no-such-weights"), await StatusAndCode(await http.GetAsync($"/aggregation/weights/{Sha([9])}")));
    }

    private static async Task<(int, string)> StatusAndCode(HttpResponseMessage response)
    {
        var (status, code, _, _) = await response.ProblemAsync();
        return (status, code);
    }

    private static string Sha(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    public void Dispose() => _folder.Dispose();

    /// <summary>Uploads come from a site's service (a hub-admin may not upload as a site); it may also read them back.</summary>
    private static HttpClient SiteService(AggregationHost hub)
    {
        var http = hub.Http();
        http.DefaultRequestHeaders.Authorization = TestTokens.Bearer("site-a-training", "site-a", FedBus.ServiceDefaults.Security.FedBusRoles.Service);
        return http;
    }
}
