using System.Security.Cryptography;
using System.Text.RegularExpressions;
using FedBus.Aggregation.Persistence;
using FedBus.ServiceDefaults.Blobs;
using Microsoft.AspNetCore.Http.Features;
using FedBus.ServiceDefaults.Limits;
using FedBus.ServiceDefaults.Security;

namespace FedBus.Aggregation.Api;

/// <summary>
/// The claim check's weight store at the hub: sites upload an update's weights before they send the message that names
/// them (<c>PUT /aggregation/weights/{sha256}</c>: the body's SHA-256 must be the one in the URL, and it is at most
/// <see cref="AggregationOptions.MaxWeightBytes"/>), and fetch the round's and published weights
/// (<c>GET /aggregation/weights/{sha256}</c>, streamed). A refused upload leaves nothing in the store.
/// </summary>
public static partial class WeightStoreEndpoints
{
    public static IEndpointRouteBuilder MapWeightStore(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/aggregation/weights").WithGroupName(AggregationEndpoints.GroupName).WithTags("weights");
        // Uploads: a site's service, as its own site (its token's site claim); downloads: whoever may read models.
        var options = app.ServiceProvider.GetRequiredService<AggregationOptions>();
        api.MapPut("/{sha256}", PutAsync).RequireAuthorization(FedBusPolicies.SiteUploader).WithRequestLimit(options.MaxWeightBytes)
            .WithSummary("Store a weight file under its SHA-256 (lower-case hex); the body is checked against it.")
            .Produces<WeightsStored>(StatusCodes.Status201Created).Produces<WeightsStored>().ProducesProblem(400).ProducesProblem(413);
        api.MapGet("/{sha256}", Get).RequireAuthorization(FedBusPolicies.HubReader).ProducesProblem(400).ProducesProblem(404).WithSummary("A stored weight file, streamed.");
        return app;
    }

    private static async Task<IResult> PutAsync(
        string sha256, HttpContext http, IBlobStore blobs, AggregationStore store, AuthOptions auth, AggregationOptions options, ILoggerFactory loggers,
        [FromKeyedServices(AggregationClock.Key)] TimeProvider time)
    {
        var logger = loggers.CreateLogger(typeof(WeightStoreEndpoints).FullName!);
        if (!Sha256Name().IsMatch(sha256)) return Refuse(logger, 400, "bad-digest", $"'{sha256}' is not a SHA-256 in lower-case hex (64 characters).");
        // The policy lets only a site's service in; its site is who the upload is recorded for (see WeightUpload).
        if (http.User.FindFirst(auth.SiteClaim)?.Value is not { Length: > 0 } site)
            return Refuse(logger, 403, "no-site", $"The token names no site (claim {auth.SiteClaim}); weights are uploaded as a site.");
        if (blobs.GetLength(sha256) is { } length)
        {
            await store.RecordUploadAsync(sha256, site, time.GetUtcNow(), http.RequestAborted);
            return Results.Ok(new WeightsStored(sha256, length, AlreadyStored: true, UrlOf(sha256)));
        }

        BlobRef blob;
        try
        {
            blob = await blobs.PutAsync(async (target, ct) =>
            {
                // Hash and count on the way in; throwing here leaves only a temp file, which the store deletes.
                using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                var buffer = new byte[1 << 16];
                long total = 0;
                int read;
                while ((read = await http.Request.Body.ReadAsync(buffer, ct)) > 0)
                {
                    total += read;
                    if (total > options.MaxWeightBytes) throw new UploadRefusedException(413, "too-large", $"The body exceeds {options.MaxWeightBytes} bytes, the most the weight store takes. Nothing was stored.");
                    hash.AppendData(buffer, 0, read);
                    await target.WriteAsync(buffer.AsMemory(0, read), ct);
                }
                if (total == 0) throw new UploadRefusedException(400, "empty", "The body is empty. Nothing was stored.");
                var actual = Convert.ToHexStringLower(hash.GetHashAndReset());
                if (actual != sha256)
                    throw new UploadRefusedException(400, "digest-mismatch", $"The body's SHA-256 is {actual}, not {sha256} as the URL says: corrupt on the way, or the wrong file. Nothing was stored.");
            }, http.RequestAborted);
        }
        catch (UploadRefusedException e)
        {
            return Refuse(logger, e.Status, e.Code, e.Message);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return Refuse(logger, 413, "too-large", $"The body exceeds {options.MaxWeightBytes} bytes, the most the weight store takes. Nothing was stored.");
        }
        blobs.FlushToDisk();
        await store.RecordUploadAsync(sha256, site, time.GetUtcNow(), http.RequestAborted);
        AggregationLog.WeightsStored(logger, blob.Sha256, blob.Length);
        return Results.Created(UrlOf(sha256), new WeightsStored(blob.Sha256, blob.Length, AlreadyStored: false, UrlOf(sha256)));
    }

    private static IResult Get(string sha256, IBlobStore blobs, HttpContext http)
    {
        if (!Sha256Name().IsMatch(sha256)) return Problems.Of(400, "bad-digest", $"'{sha256}' is not a SHA-256 in lower-case hex (64 characters).");
        try
        {
            var stream = blobs.OpenRead(sha256);
            http.Response.Headers["Repr-Digest"] = $"sha-256=:{Convert.ToBase64String(Convert.FromHexString(sha256))}:";
            return Results.Stream(stream, "application/octet-stream", entityTag: new Microsoft.Net.Http.Headers.EntityTagHeaderValue($"\"{sha256}\""));
        }
        catch (BlobNotFoundException)
        {
            return Problems.Of(404, "no-such-weights", $"The weight store holds no file {sha256}.");
        }
    }

    private static IResult Refuse(ILogger logger, int status, string code, string reason)
    {
        AggregationLog.UploadRefused(logger, code, reason);
        return Problems.Of(status, code, reason);
    }

    private static string UrlOf(string sha256) => $"/aggregation/weights/{sha256}";

    [GeneratedRegex("^[0-9a-f]{64}$")]
    private static partial Regex Sha256Name();
}
