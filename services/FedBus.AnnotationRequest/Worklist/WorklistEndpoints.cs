using FedBus.AnnotationRequest.Persistence;
using FedBus.AnnotationRequest.Tasks;
using FedBus.Contracts;
using FedBus.Imaging.Labels;
using FedBus.ServiceDefaults.Blobs;
using System.Globalization;
using System.Text.Json;
using FedBus.ServiceDefaults.Limits;
using FedBus.ServiceDefaults.Security;

namespace FedBus.AnnotationRequest.Worklist;

/// <summary>
/// The radiologist's worklist under <c>/annotations</c>. Every route needs the reader's id (<see cref="IReaderIdentity"/>).
/// Errors are ProblemDetails with a stable <c>code</c>: 400 bad input (nothing stored), 401 no reader, 403 another
/// reader's label, 404 no such task, 409 the task's state does not allow it, 413 a label too large.
/// </summary>
public static class WorklistEndpoints
{
    public const string GroupName = "annotations";
    public const string IdempotencyKeyHeader = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";
    private const int DefaultLimit = 50;
    private const int MaxLimit = 500;

    public static IEndpointRouteBuilder MapAnnotationWorklist(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/annotations").WithGroupName(GroupName).WithTags("annotations")
            .AddEndpointFilter(MapErrors);
        // Readers of this site only; cancelling (a study withdrawn) also by its site-admin.
        var reader = new[] { FedBusPolicies.SiteRadiologist };
        var options = app.ServiceProvider.GetRequiredService<AnnotationRequestOptions>();

        api.MapGet("/tasks", ListAsync).Produces<WorklistPage>().ProducesProblem(400).WithSummary("The reader's worklist: tasks they can claim, hold or must redo, highest priority first, with counts.").RequireAuthorization(reader);
        api.MapGet("/tasks/{taskId:guid}", GetAsync).Produces<TaskView>().ProducesProblem(404).WithSummary("One task: image links, the prefill, the reader's read and QC's reasons.").RequireAuthorization(reader);
        api.MapPost("/tasks/{taskId:guid}/claim", ClaimAsync).Produces<TaskView>().ProducesProblem(404).ProducesProblem(409).WithSummary("Take (or renew) a read of the task under a lease.").RequireAuthorization(reader);
        api.MapGet("/tasks/{taskId:guid}/prefill", PrefillAsync).WithSummary("The model's guess, in the task's label format.").RequireAuthorization(reader);
        // Content types are described, not declared (Accepts): declared ones make routing answer 415 without a reason.
        api.MapPost("/tasks/{taskId:guid}/submissions", SubmitAsync)
            .WithSummary("Submit a label (body = the label, Content-Type = its format, Idempotency-Key header required).")
            .WithDescription($"Body: the label. Content-Type: {LabelMediaTypes.MaskPng} or {LabelMediaTypes.MaskRle} (segmentation), " +
                $"{LabelMediaTypes.ClassJson} (classification), {LabelMediaTypes.BoxesJson} (detection). Header {IdempotencyKeyHeader}: " +
                "one value per label; the same value again returns the stored submission (200, Idempotent-Replayed: true).")
            .Produces<SubmissionReceipt>(StatusCodes.Status201Created).Produces<SubmissionReceipt>().ProducesProblem(400).ProducesProblem(409).ProducesProblem(413).RequireAuthorization(reader)
            .WithRequestLimit(options.MaxLabelBytes);
        api.MapGet("/tasks/{taskId:guid}/submissions/{submissionId:guid}/label", LabelAsync).WithSummary("A label the reader submitted.").RequireAuthorization(reader);
        api.MapPost("/tasks/{taskId:guid}/skip", SkipAsync).WithDescription("Body: application/json {\"reason\": \"...\"}.").Produces<TaskView>().ProducesProblem(400).ProducesProblem(409).WithSummary("Decline the task with a reason; it goes to other readers.").RequireAuthorization(reader);
        api.MapPost("/tasks/{taskId:guid}/cancel", CancelAsync).WithDescription("Body: application/json {\"reason\": \"...\"}.").Produces<TaskView>().ProducesProblem(400).ProducesProblem(409).WithSummary("Withdraw the task with a reason (e.g. the study was deleted).").RequireAuthorization(FedBusPolicies.SiteStaff);
        api.MapGet("/history", HistoryAsync).Produces<HistoryPage>().ProducesProblem(400).WithSummary("What the reader submitted and skipped, newest first, with QC's verdicts.").RequireAuthorization(reader);
        return app;
    }

    private static async Task<IResult> ListAsync(
        HttpContext http, IReaderIdentity identity, AnnotationStore store, ReaderViews views, [FromKeyedServices(AnnotationClock.Key)] TimeProvider time,
        string? kind, string? state, string? reason, string? study, string? model, string? limit, string? offset)
    {
        if (identity.ReaderOf(http) is not { } reader) return NoReader();
        TaskKind? taskKind = null;
        if (!string.IsNullOrEmpty(kind))
        {
            if (!Enum.TryParse<TaskKind>(kind, ignoreCase: true, out var k) || !Enum.IsDefined(k))
                return Problem(400, "bad-filter", $"kind must be segmentation, classification or detection, not '{kind}'.");
            taskKind = k;
        }
        if (!string.IsNullOrEmpty(state) && !ReaderViews.Actionable.Contains(state))
            return Problem(400, "bad-filter", $"state must be {string.Join(", ", ReaderViews.Actionable.Order())}, not '{state}'.");
        if (Paging(limit, offset, out var take, out var skip) is { } bad) return bad;

        var now = time.GetUtcNow();
        var mine = (await store.WorkingAsync(taskKind, study, model, http.RequestAborted))
            .Select(t => (Task: t, State: ReaderViews.ReaderState(t, reader)))
            .Where(x => ReaderViews.Actionable.Contains(x.State))
            .Where(x => string.IsNullOrEmpty(state) || x.State == state)
            .Where(x => string.IsNullOrEmpty(reason) || x.Task.ReasonCodes.Any(c => MatchesReason(c, reason)))
            .OrderByDescending(x => x.Task.Priority).ThenBy(x => x.Task.OpenedAt).ThenBy(x => x.Task.TaskId)
            .ToArray();
        var counts = new WorklistCounts(
            Count(mine.Select(x => x.State)),
            Count(mine.Select(x => ReaderViews.Name(x.Task.Task))),
            Count(mine.SelectMany(x => x.Task.ReasonCodes)));
        var page = mine.Skip(skip).Take(take).Select(x => views.Item(x.Task, reader, now)).ToArray();
        return Results.Ok(new WorklistPage(page, mine.Length, skip, take, counts));
    }

    private static async Task<IResult> GetAsync(Guid taskId, HttpContext http, IReaderIdentity identity, TaskCommands commands, ReaderViews views, [FromKeyedServices(AnnotationClock.Key)] TimeProvider time)
    {
        if (identity.ReaderOf(http) is not { } reader) return NoReader();
        var stored = await commands.GetVisibleAsync(taskId, http.RequestAborted);
        return Results.Ok(views.Task(stored.Document, reader, time.GetUtcNow()));
    }

    private static async Task<IResult> ClaimAsync(Guid taskId, HttpContext http, IReaderIdentity identity, TaskCommands commands, ReaderViews views, [FromKeyedServices(AnnotationClock.Key)] TimeProvider time)
    {
        if (identity.ReaderOf(http) is not { } reader) return NoReader();
        var task = await commands.ClaimAsync(taskId, reader, http.RequestAborted);
        return Results.Ok(views.Task(task, reader, time.GetUtcNow()));
    }

    private static async Task<IResult> PrefillAsync(Guid taskId, HttpContext http, IReaderIdentity identity, TaskCommands commands, IBlobStore blobs)
    {
        if (identity.ReaderOf(http) is null) return NoReader();
        var task = (await commands.GetVisibleAsync(taskId, http.RequestAborted)).Document;
        return Blob(blobs, task.PrefillBlobSha256, task.PrefillMediaType, "the model's prediction");
    }

    private static async Task<IResult> SubmitAsync(
        Guid taskId, HttpContext http, IReaderIdentity identity, TaskCommands commands, AnnotationRequestOptions options, ILoggerFactory loggers)
    {
        if (identity.ReaderOf(http) is not { } reader) return NoReader();
        var key = http.Request.Headers[IdempotencyKeyHeader].ToString();
        if (string.IsNullOrWhiteSpace(key) || key.Length > 200 || key.Any(c => c < 0x21 || c > 0x7e))
            return Problem(400, "idempotency-key-required",
                $"Send an {IdempotencyKeyHeader} header (1 to 200 visible ASCII characters, e.g. a new GUID per label) so a retry cannot make a second read.");
        if (http.Request.ContentLength > options.MaxLabelBytes) return TooLarge(options);

        var body = await ReadBodyAsync(http.Request, options.MaxLabelBytes, http.RequestAborted);
        if (body is null) return TooLarge(options);
        var task = (await commands.GetVisibleAsync(taskId, http.RequestAborted)).Document;
        EncodedLabel label;
        try
        {
            label = SubmittedLabels.Canonicalise(task, body, http.Request.ContentType);
        }
        catch (LabelFormatException e)
        {
            AnnotationLog.SubmissionRefused(loggers.CreateLogger(typeof(WorklistEndpoints).FullName!), taskId, e.Message);
            return Problem(400, "label-format", $"The label cannot be used: {e.Message}. Nothing was stored.");
        }

        var outcome = await commands.SubmitAsync(taskId, reader, key, label, http.RequestAborted);
        var s = outcome.Submission;
        var url = ReaderViews.LabelUrl(taskId, s.SubmissionId);
        var receipt = new SubmissionReceipt(s.SubmissionId, taskId, outcome.Read.ReadNumber, outcome.Task.RequiredReads, s.LabelBlobSha256,
            s.LabelMediaType, url, s.SubmittedAt, ReaderViews.Name(outcome.Task.Status), outcome.Replayed);
        if (!outcome.Replayed) return Results.Created(url, receipt);
        http.Response.Headers[ReplayedHeader] = "true";
        return Results.Ok(receipt);
    }

    private static async Task<IResult> LabelAsync(Guid taskId, Guid submissionId, HttpContext http, IReaderIdentity identity, TaskCommands commands, IBlobStore blobs)
    {
        if (identity.ReaderOf(http) is not { } reader) return NoReader();
        var task = (await commands.GetVisibleAsync(taskId, http.RequestAborted)).Document;
        if (task.FindSubmission(submissionId) is not var (read, submission))
            return Problem(404, "no-such-submission", $"Task {taskId} has no submission {submissionId}.");
        if (!string.Equals(read.ReaderId, reader, StringComparison.Ordinal))
            return Problem(403, "not-your-label", "Only the reader who submitted a label may see it; double reads stay independent.");
        return Blob(blobs, submission.LabelBlobSha256, submission.LabelMediaType, "the label");
    }

    private static async Task<IResult> SkipAsync(Guid taskId, HttpContext http, IReaderIdentity identity, TaskCommands commands, ReaderViews views, [FromKeyedServices(AnnotationClock.Key)] TimeProvider time)
    {
        if (identity.ReaderOf(http) is not { } reader) return NoReader();
        var (reason, problem) = await ReadReasonAsync(http.Request, "you skip the task");
        if (problem is not null) return problem;
        var task = await commands.SkipAsync(taskId, reader, reason!, http.RequestAborted);
        return Results.Ok(views.Task(task, reader, time.GetUtcNow()));
    }

    private static async Task<IResult> CancelAsync(Guid taskId, HttpContext http, IReaderIdentity identity, TaskCommands commands, ReaderViews views, [FromKeyedServices(AnnotationClock.Key)] TimeProvider time)
    {
        if (identity.ReaderOf(http) is not { } reader) return NoReader();
        var (reason, problem) = await ReadReasonAsync(http.Request, "the task is cancelled");
        if (problem is not null) return problem;
        var task = await commands.CancelAsync(taskId, reader, reason!, http.RequestAborted);
        return Results.Ok(views.Task(task, reader, time.GetUtcNow()));
    }

    private static async Task<IResult> HistoryAsync(HttpContext http, IReaderIdentity identity, AnnotationStore store, string? limit, string? offset)
    {
        if (identity.ReaderOf(http) is not { } reader) return NoReader();
        if (Paging(limit, offset, out var take, out var skip) is { } bad) return bad;
        var (entries, total) = await store.HistoryAsync(reader, skip, take, http.RequestAborted);
        var tasks = new Dictionary<Guid, AnnotationTask?>();
        foreach (var id in entries.Select(e => e.TaskId).Distinct())
            tasks[id] = (await store.GetAsync(id, http.RequestAborted))?.Document;
        var items = entries.Select(e => ReaderViews.History(e, tasks[e.TaskId])).ToArray();
        return Results.Ok(new HistoryPage(items, total, skip, take));
    }

    private static async ValueTask<object?> MapErrors(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (ReaderIdentityException e)
        {
            return Problem(400, "bad-reader", e.Message);
        }
        catch (TaskNotFoundException e)
        {
            return Problem(404, "no-such-task", e.Message);
        }
        catch (TaskRuleException e)
        {
            return Problem(409, e.Code, e.Message);
        }
        catch (BadHttpRequestException e)
        {
            return Problem(e.StatusCode, "bad-request", e.Message);
        }
    }

    private static bool MatchesReason(string code, string filter) =>
        string.Equals(code, filter, StringComparison.Ordinal) ||
        // "qc" selects every QC flag ("qc:mask-empty", "qc:ood-intensity", ...).
        (filter == "qc" && code.StartsWith("qc:", StringComparison.Ordinal));

    private static Dictionary<string, int> Count(IEnumerable<string> keys) =>
        keys.GroupBy(k => k, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

    private static IResult? Paging(string? limit, string? offset, out int take, out int skip)
    {
        take = DefaultLimit;
        skip = 0;
        if (!string.IsNullOrEmpty(limit) && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out take) || take is < 1 or > MaxLimit))
            return Problem(400, "bad-paging", $"limit must be a whole number from 1 to {MaxLimit}, not '{limit}'.");
        if (!string.IsNullOrEmpty(offset) && !int.TryParse(offset, NumberStyles.None, CultureInfo.InvariantCulture, out skip))
            return Problem(400, "bad-paging", $"offset must be a whole number from 0, not '{offset}'.");
        return null;
    }

    /// <summary>The "reason" of a JSON body {"reason": "..."}; a problem result when there is none.</summary>
    private static async Task<(string? Reason, IResult? Problem)> ReadReasonAsync(HttpRequest request, string what)
    {
        ReasonRequest? body;
        try
        {
            body = request.HasJsonContentType()
                ? await request.ReadFromJsonAsync<ReasonRequest>(request.HttpContext.RequestAborted)
                : null;
        }
        catch (JsonException e)
        {
            return (null, Problem(400, "bad-json", $"The body is not valid JSON: {e.Message}"));
        }
        if (string.IsNullOrWhiteSpace(body?.Reason))
            return (null, Problem(400, TaskRules.ReasonRequired, $"Say why {what}: send Content-Type application/json and {{\"reason\": \"...\"}}."));
        if (body.Reason.Length > 500) return (null, Problem(400, "reason-too-long", "A reason is at most 500 characters."));
        return (body.Reason, null);
    }

    private static IResult Blob(IBlobStore blobs, string sha256, string mediaType, string what)
    {
        try
        {
            return Results.Stream(blobs.OpenRead(sha256), mediaType);
        }
        catch (BlobNotFoundException)
        {
            return Problem(404, "blob-missing", $"The site's blob store does not hold {what} ({sha256}).");
        }
    }

    /// <summary>The body, or null when it is longer than <paramref name="max"/>.</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, int max, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > max) return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private static IResult NoReader() =>
        Problem(401, "no-reader", "The bearer token names no reader (its subject, claim sub).");

    private static IResult TooLarge(AnnotationRequestOptions options) =>
        Problem(413, "label-too-large", $"A label is at most {options.MaxLabelBytes} bytes. Nothing was stored.");

    private static IResult Problem(int status, string code, string detail) =>
        Results.Problem(detail: detail, statusCode: status, title: code, extensions: new Dictionary<string, object?> { ["code"] = code });
}
