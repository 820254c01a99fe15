using System.Globalization;
using System.Text.Json;
using FedBus.Aggregation.Persistence;
using FedBus.Aggregation.Registry;
using FedBus.Aggregation.Rounds;
using FedBus.Contracts;
using Microsoft.AspNetCore.Http.Features;
using FedBus.ServiceDefaults.Limits;
using FedBus.ServiceDefaults.Security;

namespace FedBus.Aggregation.Api;

/// <summary>
/// The hub's HTTP API under <c>/aggregation</c>: the model registry (import version 1, versions, weights, compare,
/// roll back), rounds (start, list, live state, abort) and sites. Errors are ProblemDetails with a stable <c>code</c>:
/// 400 bad input (nothing stored), 404 unknown model/version/round, 409 the state does not allow it, 413 too large.
/// </summary>
public static class AggregationEndpoints
{
    public const string GroupName = "aggregation";
    public const string IdempotencyKeyHeader = "Idempotency-Key";
    private const int MaxLimit = 500;

    public static IEndpointRouteBuilder MapAggregationApi(this IEndpointRouteBuilder app)
    {
        // Reads: hub-admins and the sites' services (they fetch models); changes and the federation's view of sites: hub-admins.
        var api = app.MapGroup("/aggregation").WithGroupName(GroupName).WithTags("aggregation").AddEndpointFilter(Problems.MapErrors)
            .RequireAuthorization(FedBusPolicies.HubReader);

        api.MapGet("/models", ModelsAsync).Produces<ModelView[]>().WithSummary("Every federated model with its current version and publication.");
        api.MapGet("/models/{modelId}", ModelAsync).Produces<ModelView>().ProducesProblem(404).WithSummary("One model.");
        var options = app.ServiceProvider.GetRequiredService<AggregationOptions>();
        api.MapPost("/models/{modelId}/import", ImportAsync).RequireAuthorization(FedBusPolicies.HubAdmin).WithRequestLimit(options.MaxWeightBytes)
            .WithSummary("Import a federation's first version: body = safetensors weights; query architectureId, classes (comma-separated, background first for segmentation), labelsVersion, task (optional), requestedBy.")
            .WithDescription("The network's tensors must match the architecture exactly (names, dtypes, shapes of ModelSpec.Parse(architectureId).CreateModel(0)); " +
                $"tensors under '{Profiles.ProfileTensors.Prefix}' (the image profile) may come along. A mismatch is refused with the differences.")
            .Produces<VersionView>(StatusCodes.Status201Created).ProducesProblem(400).ProducesProblem(409).ProducesProblem(413);
        api.MapGet("/models/{modelId}/versions", VersionsAsync).Produces<VersionView[]>().ProducesProblem(404).WithSummary("Every version of a model, oldest first.");
        api.MapGet("/models/{modelId}/versions/{version:int}", VersionAsync).Produces<VersionView>().ProducesProblem(404).WithSummary("One version.");
        api.MapGet("/models/{modelId}/versions/{version:int}/weights", WeightsAsync).ProducesProblem(404)
            .WithSummary("The version's weights as a safetensors file (ETag and Repr-Digest carry its SHA-256).");
        api.MapGet("/models/{modelId}/compare", CompareAsync).Produces<VersionComparison>().ProducesProblem(400).ProducesProblem(404)
            .WithSummary("Compare two versions (query from, to): relation, weight distance overall and per tensor, both records.");
        api.MapPost("/models/{modelId}/rollback", RollbackAsync).RequireAuthorization(FedBusPolicies.HubAdmin).Produces<RollbackView>().ProducesProblem(400).ProducesProblem(404).ProducesProblem(409)
            .WithSummary("Make an earlier published version current again (GlobalModelReverted + GlobalModelPublished with a higher publication).");
        api.MapGet("/models/{modelId}/statistics", StatisticsAsync).Produces<FederationStatisticsView>().ProducesProblem(404)
            .WithSummary("The pooled class counts of the sites' latest reports for the model.");

        api.MapPost("/rounds", StartRoundAsync).RequireAuthorization(FedBusPolicies.HubAdmin).Produces<RoundView>(StatusCodes.Status201Created).Produces<RoundView>().ProducesProblem(400).ProducesProblem(404).ProducesProblem(409)
            .WithSummary("Start a round (as StartTrainingRound). Optional Idempotency-Key header: the same key again returns the round it started.");
        api.MapGet("/rounds", RoundsAsync).Produces<RoundView[]>().ProducesProblem(400).WithSummary("Rounds, newest first (query modelId, state, limit, offset).");
        api.MapGet("/rounds/{roundId:guid}", RoundAsync).Produces<RoundView>().ProducesProblem(404)
            .WithSummary("A round's live state: answered and pending sites, refused updates with reasons, the candidate, validations, gate figures, DP ε/δ.");
        api.MapPost("/rounds/{roundId:guid}/abort", AbortAsync).RequireAuthorization(FedBusPolicies.HubAdmin).Produces<RoundView>().ProducesProblem(400).ProducesProblem(404).ProducesProblem(409)
            .WithSummary("End an open round with a reason (TrainingRoundClosed, outcome Aborted).");
        api.MapGet("/refused-starts", RefusedStartsAsync).RequireAuthorization(FedBusPolicies.HubStaff).Produces<RefusedStart[]>().WithSummary("StartTrainingRound commands from the bus the hub could not carry out, with reasons.");
        api.MapGet("/stray-updates", StrayUpdatesAsync).RequireAuthorization(FedBusPolicies.HubStaff).Produces<StrayUpdate[]>().WithSummary("Updates that named a round the hub does not know.");
        api.MapGet("/sites", SitesAsync).RequireAuthorization(FedBusPolicies.HubStaff).Produces<SiteView[]>().WithSummary("Sites the hub knows or is configured with: live or not, last heard from, latest statistics.");
        return app;
    }

    private static async Task<IResult> ModelsAsync(AggregationStore store, HttpContext http) =>
        Results.Ok((await store.ModelsAsync(http.RequestAborted)).OrderBy(m => m.ModelId, StringComparer.Ordinal).Select(ModelView.Of).ToArray());

    private static async Task<IResult> ModelAsync(string modelId, AggregationStore store, HttpContext http) =>
        Results.Ok(ModelView.Of(await ModelOrThrowAsync(store, modelId, http.RequestAborted)));

    private static async Task<IResult> ImportAsync(
        string modelId, HttpContext http, ModelRegistry registry, AggregationStore store, AggregationOptions options,
        string? architectureId, string? classes, string? labelsVersion, string? task, string? requestedBy)
    {
        if (string.IsNullOrWhiteSpace(architectureId))
            return Problems.Of(400, "architecture-required", "Name the architecture: ?architectureId=unet2d-v1:in=1,classes=2 (see ModelSpec).");
        if (string.IsNullOrWhiteSpace(classes))
            return Problems.Of(400, "labels-required", "Name the classes of the label schema: ?classes=background,brain (class id i is the i-th name).");
        var version = 1;
        if (!string.IsNullOrEmpty(labelsVersion) && !int.TryParse(labelsVersion, NumberStyles.None, CultureInfo.InvariantCulture, out version))
            return Problems.Of(400, "bad-labels", $"labelsVersion must be a whole number, not '{labelsVersion}'.");
        var body = await ReadBodyAsync(http, options.MaxWeightBytes);
        if (body is null) return Problems.Of(413, "too-large", $"A weight file is at most {options.MaxWeightBytes} bytes (FedBus:Aggregation:MaxWeightBytes). Nothing was stored.");
        if (body.Length == 0) return Problems.Of(400, "weights-required", "Send the safetensors file as the request body.");
        var import = new ModelImport(modelId, architectureId, task, [.. classes.Split(',').Select(c => c.Trim())], version, requestedBy ?? "unknown");
        var imported = await registry.ImportAsync(import, body, http.RequestAborted);
        return Results.Created($"/aggregation/models/{Uri.EscapeDataString(modelId)}/versions/1", VersionView.Of(imported, 1));
    }

    private static async Task<IResult> VersionsAsync(string modelId, AggregationStore store, HttpContext http)
    {
        var model = await ModelOrThrowAsync(store, modelId, http.RequestAborted);
        return Results.Ok((await store.VersionsAsync(modelId, http.RequestAborted)).OrderBy(v => v.Version).Select(v => VersionView.Of(v, model.CurrentVersion)).ToArray());
    }

    private static async Task<IResult> VersionAsync(string modelId, int version, AggregationStore store, HttpContext http)
    {
        var model = await ModelOrThrowAsync(store, modelId, http.RequestAborted);
        var v = await VersionOrThrowAsync(store, modelId, version, http.RequestAborted);
        return Results.Ok(VersionView.Of(v, model.CurrentVersion));
    }

    private static async Task<IResult> WeightsAsync(string modelId, int version, AggregationStore store, ServiceDefaults.Blobs.IBlobStore blobs, HttpContext http)
    {
        var v = await VersionOrThrowAsync(store, modelId, version, http.RequestAborted);
        Stream stream;
        try
        {
            stream = blobs.OpenRead(v.WeightsSha256);
        }
        catch (ServiceDefaults.Blobs.BlobNotFoundException)
        {
            return Problems.Of(404, "weights-missing", $"The hub's blob store does not hold the weights of version {version} ({v.WeightsSha256}).");
        }
        http.Response.Headers["Repr-Digest"] = $"sha-256=:{Convert.ToBase64String(Convert.FromHexString(v.WeightsSha256))}:";
        return Results.Stream(stream, "application/octet-stream", $"{modelId}-v{version}.safetensors",
            entityTag: new Microsoft.Net.Http.Headers.EntityTagHeaderValue($"\"{v.WeightsSha256}\""));
    }

    private static async Task<IResult> CompareAsync(string modelId, string? from, string? to, ModelRegistry registry, AggregationStore store, HttpContext http)
    {
        await ModelOrThrowAsync(store, modelId, http.RequestAborted);
        if (!int.TryParse(from, NumberStyles.None, CultureInfo.InvariantCulture, out var a) || !int.TryParse(to, NumberStyles.None, CultureInfo.InvariantCulture, out var b))
            return Problems.Of(400, "bad-versions", "Name two versions: ?from=1&to=2.");
        return Results.Ok(await registry.CompareAsync(modelId, a, b, http.RequestAborted));
    }

    private static async Task<IResult> RollbackAsync(string modelId, HttpContext http, ModelRegistry registry)
    {
        var body = await ReadJsonAsync<RollbackRequest>(http);
        if (body.Problem is not null) return body.Problem;
        var request = body.Value!;
        var (model, version) = await registry.RollbackAsync(modelId, request.ToVersion, request.Reason ?? "", request.RequestedBy ?? "unknown", http.RequestAborted);
        return Results.Ok(new RollbackView(ModelView.Of(model), VersionView.Of(version, model.CurrentVersion)));
    }

    private static async Task<IResult> StatisticsAsync(string modelId, AggregationStore store, HttpContext http)
    {
        await ModelOrThrowAsync(store, modelId, http.RequestAborted);
        var reports = (await store.SitesAsync(http.RequestAborted)).Select(s => s.Statistics.FirstOrDefault(x => x.ModelId == modelId)).OfType<SiteStatistics>().ToList();
        var counts = reports.SelectMany(r => r.AcceptedClassCounts).GroupBy(c => c.ClassId).OrderBy(g => g.Key).Select(g => new ClassCount(g.Key, g.Sum(c => c.Count))).ToList();
        return Results.Ok(new FederationStatisticsView(modelId, reports.Count, counts));
    }

    private static async Task<IResult> StartRoundAsync(HttpContext http, RoundCommands commands, [FromKeyedServices(AggregationClock.Key)] TimeProvider time)
    {
        var body = await ReadJsonAsync<StartRoundRequest>(http);
        if (body.Problem is not null) return body.Problem;
        var request = body.Value!;
        if (string.IsNullOrWhiteSpace(request.ModelId)) return Problems.Of(400, "model-required", "Name the model: {\"modelId\": \"...\"}.");
        RoundSettings settings;
        try
        {
            settings = request.ToSettings();
            RoundSettingsMapper.ToAggregationSettings(settings);
        }
        catch (ArgumentException e)
        {
            return Problems.Of(400, "bad-settings", e.Message);
        }
        var key = http.Request.Headers[IdempotencyKeyHeader].ToString();
        if (key.Length > 200) return Problems.Of(400, "bad-idempotency-key", $"An {IdempotencyKeyHeader} is at most 200 characters.");
        var commandId = key.Length > 0 ? AggregationIds.HttpStart(request.ModelId, key) : Guid.NewGuid();
        var command = new StartTrainingRound(commandId, time.GetUtcNow(), request.ModelId, settings, request.Sites, request.RequestedBy ?? "unknown");
        var (round, created) = await commands.StartAsync(command, http.RequestAborted);
        var view = RoundView.Of(round);
        return created ? Results.Created($"/aggregation/rounds/{round.RoundId}", view) : Results.Ok(view);
    }

    private static async Task<IResult> RoundsAsync(AggregationStore store, HttpContext http, string? modelId, string? state, string? limit, string? offset)
    {
        RoundState? wanted = null;
        if (!string.IsNullOrEmpty(state))
        {
            if (!Enum.TryParse<RoundState>(state, ignoreCase: true, out var s) || !Enum.IsDefined(s) || int.TryParse(state, out _))
                return Problems.Of(400, "bad-filter", $"state must be one of {string.Join(", ", Enum.GetNames<RoundState>())}, not '{state}'.");
            wanted = s;
        }
        var take = 50;
        var skip = 0;
        if (!string.IsNullOrEmpty(limit) && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out take) || take is < 1 or > MaxLimit))
            return Problems.Of(400, "bad-paging", $"limit must be a whole number from 1 to {MaxLimit}, not '{limit}'.");
        if (!string.IsNullOrEmpty(offset) && !int.TryParse(offset, NumberStyles.None, CultureInfo.InvariantCulture, out skip))
            return Problems.Of(400, "bad-paging", $"offset must be a whole number from 0, not '{offset}'.");
        return Results.Ok((await store.RoundsAsync(modelId, wanted, skip, take, http.RequestAborted)).Select(RoundView.Of).ToArray());
    }

    private static async Task<IResult> RoundAsync(Guid roundId, AggregationStore store, HttpContext http) =>
        await store.RoundAsync(roundId, http.RequestAborted) is { } r
            ? Results.Ok(RoundView.Of(r.Document))
            : Problems.Of(404, "no-such-round", $"The hub has no round {roundId}.");

    private static async Task<IResult> AbortAsync(Guid roundId, HttpContext http, RoundCommands commands, AggregationStore store)
    {
        var body = await ReadJsonAsync<AbortRequest>(http);
        if (body.Problem is not null) return body.Problem;
        if (string.IsNullOrWhiteSpace(body.Value!.Reason) || body.Value.Reason.Length > 500)
            return Problems.Of(400, "reason-required", "Say why the round is aborted: {\"reason\": \"...\"} (at most 500 characters).");
        var before = await store.RoundAsync(roundId, http.RequestAborted);
        if (before is null) return Problems.Of(404, "no-such-round", $"The hub has no round {roundId}.");
        if (before.Document.IsClosed) return Problems.Of(409, "round-closed", $"Round {roundId} is closed already ({before.Document.State}).");
        var round = await commands.AbortAsync(roundId, body.Value.Reason, http.RequestAborted);
        return Results.Ok(RoundView.Of(round!));
    }

    private static async Task<IResult> RefusedStartsAsync(AggregationStore store, HttpContext http) =>
        Results.Ok((await store.RefusedStarts.FindAsync(ServiceDefaults.Storage.DocumentFilter.All, new ServiceDefaults.Storage.FindOptions("at", Descending: true, Limit: MaxLimit), http.RequestAborted))
            .Select(r => r.Document).ToArray());

    private static async Task<IResult> StrayUpdatesAsync(AggregationStore store, HttpContext http) =>
        Results.Ok((await store.StrayUpdates.FindAsync(ServiceDefaults.Storage.DocumentFilter.All, new ServiceDefaults.Storage.FindOptions("at", Descending: true, Limit: MaxLimit), http.RequestAborted))
            .Select(r => r.Document).ToArray());

    private static async Task<IResult> SitesAsync(AggregationStore store, SiteDirectory directory, AggregationOptions options, HttpContext http,
        [FromKeyedServices(AggregationClock.Key)] TimeProvider time)
    {
        var now = time.GetUtcNow();
        var live = (await directory.LiveAsync(now, http.RequestAborted)).ToHashSet(StringComparer.Ordinal);
        var configured = (options.Sites ?? []).ToHashSet(StringComparer.Ordinal);
        var known = (await store.SitesAsync(http.RequestAborted)).ToDictionary(s => s.SiteId, StringComparer.Ordinal);
        return Results.Ok(known.Keys.Concat(configured).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .Select(id => new SiteView(id, live.Contains(id), configured.Contains(id), known.GetValueOrDefault(id)?.LastHeardAt, known.GetValueOrDefault(id)?.Statistics ?? []))
            .ToArray());
    }

    private static async Task<ModelRecord> ModelOrThrowAsync(AggregationStore store, string modelId, CancellationToken cancellationToken) =>
        (await store.ModelAsync(modelId, cancellationToken))?.Document ?? throw new RegistryException(404, "no-such-model", $"The hub has no model '{modelId}'.");

    private static async Task<ModelVersion> VersionOrThrowAsync(AggregationStore store, string modelId, int version, CancellationToken cancellationToken) =>
        (await store.VersionAsync(modelId, version, cancellationToken))?.Document ?? throw new RegistryException(404, "no-such-version", $"Model '{modelId}' has no version {version}.");

    private static async Task<(T? Value, IResult? Problem)> ReadJsonAsync<T>(HttpContext http) where T : class
    {
        if (!http.Request.HasJsonContentType()) return (null, Problems.Of(400, "json-required", "Send the request as Content-Type: application/json."));
        try
        {
            var value = await http.Request.ReadFromJsonAsync<T>(http.RequestAborted);
            return value is null ? (null, Problems.Of(400, "bad-json", "The body is empty.")) : (value, null);
        }
        catch (JsonException e)
        {
            return (null, Problems.Of(400, "bad-json", $"The body is not the JSON expected: {e.Message}"));
        }
    }

    /// <summary>The body, or null when it is longer than <paramref name="max"/> (the route's limit, held by RequestLimitMiddleware).</summary>
    internal static async Task<byte[]?> ReadBodyAsync(HttpContext http, long max)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[1 << 16];
        int read;
        while ((read = await http.Request.Body.ReadAsync(chunk, http.RequestAborted)) > 0)
        {
            if (buffer.Length + read > max) return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }
}
