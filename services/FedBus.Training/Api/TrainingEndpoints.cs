using FedBus.Contracts;
using FedBus.Imaging.Labels;
using FedBus.Training.Dataset;
using FedBus.Training.Jobs;
using FedBus.ServiceDefaults.Limits;
using FedBus.ServiceDefaults.Security;

namespace FedBus.Training.Api;

/// <summary>The /training routes: dataset counts, jobs, current models, and seeding a site with its existing labelled set.</summary>
public static class TrainingEndpoints
{
    public const string DocumentName = "training";

    /// <summary>Largest seeded instance accepted in one request (base64 inflates the body by a third).</summary>
    private const int MaxInstanceBytes = 64 * 1024 * 1024;

    private static readonly string[] MediaTypes = [LabelMediaTypes.MaskPng, LabelMediaTypes.MaskRle, LabelMediaTypes.ClassJson, LabelMediaTypes.BoxesJson];

    public static IEndpointRouteBuilder MapTrainingApi(this IEndpointRouteBuilder app)
    {
        var training = app.MapGroup("/training").WithGroupName(DocumentName).WithTags("training").RequireAuthorization(FedBusPolicies.SiteMember);

        training.MapGet("/models/{modelId}/dataset", (string modelId, TrainingQueries queries, CancellationToken ct) => queries.DatasetAsync(modelId, ct))
            .WithSummary("A model's dataset: train and validation cases, new since the last round, unusable, withdrawn, by class.");

        training.MapGet("/models", (TrainingQueries queries, CancellationToken ct) => queries.CurrentModelsAsync(ct))
            .WithSummary("The site's current global model per ModelId (highest publication).");

        training.MapGet("/jobs", (JobState? state, TrainingQueries queries, CancellationToken ct) => queries.JobsAsync(state, ct))
            .WithSummary("Round and validation jobs, oldest first, optionally of one state.");

        training.MapGet("/jobs/{jobId}", async (string jobId, TrainingQueries queries, CancellationToken ct) =>
                await queries.JobAsync(jobId, ct) is { } job ? Results.Ok(job) : Problem(404, $"There is no job {jobId}."))
            .WithSummary("One job: state, attempts, reason, metrics.");

        var options = app.ServiceProvider.GetRequiredService<TrainingServiceOptions>();
        training.MapPost("/models/{modelId}/cases", SeedAsync).RequireAuthorization(FedBusPolicies.SiteAdmin).WithRequestLimit(options.MaxSeedRequestBytes)
            .WithSummary("Seeds the dataset with one labelled case of the site's existing set (DICOM + label); the same case again changes nothing.");
        return app;
    }

    private static async Task<IResult> SeedAsync(
        string modelId, SeedCaseRequest? request, CaseIntake intake, IBlobStore blobs, TransactionalOutbox outbox, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(modelId) || modelId.Length > 200) return Problem(400, "The model id must be 1–200 characters.");
        if (request is null) return Problem(400, "Send the case as JSON: {task, dicom (base64), frame, label (base64), labelMediaType, classCount}.");
        if (request.Frame < 1) return Problem(400, $"frame is 1-based; {request.Frame} is not a frame number.");
        if (request.ClassCount < 1 || request.ClassCount > 255) return Problem(400, $"classCount must be 1–255, not {request.ClassCount}.");
        if (!Enum.TryParse<TaskKind>(request.Task, ignoreCase: true, out var task) || !Enum.IsDefined(task) || int.TryParse(request.Task, out _))
            return Problem(400, $"task '{request.Task}' is not segmentation, classification or detection.");
        if (string.IsNullOrEmpty(request.LabelMediaType) || !MediaTypes.Contains(request.LabelMediaType))
            return Problem(400, $"labelMediaType must be one of {string.Join(", ", MediaTypes)}.");
        if (Base64(request.Dicom) is not { Length: > 0 and <= MaxInstanceBytes } dicom) return Problem(400, "dicom must be the instance's Part 10 bytes in base64 (at most 64 MiB).");
        if (Base64(request.Label) is not { Length: > 0 } label) return Problem(400, "label must be the label's bytes in base64.");
        try
        {
            CasePreparation.DecodeLabel(label, request.LabelMediaType);
        }
        catch (CaseProblemException e)
        {
            return Problem(400, e.Message);
        }

        var instanceBlob = await blobs.PutAsync(dicom, ct);
        var labelBlob = await blobs.PutAsync(label, ct);
        var work = outbox.Begin(ct);
        var (seeded, created) = await intake.SeedAsync(modelId, task, instanceBlob.Sha256, request.Frame, labelBlob.Sha256, request.LabelMediaType, request.ClassCount, work, ct);
        var result = new SeedCaseResult(seeded.CaseId, created, seeded.IsValidation, seeded.State, seeded.Problem);
        if (seeded.State == CaseState.Unusable && seeded.Problem is { } problem)
            return Results.Problem(detail: $"The case cannot be a model input ({problem.Code}): {problem.Message}", statusCode: 422);
        if (!created) return Results.Ok(result);
        try
        {
            await outbox.CommitAsync(work, ct);
        }
        catch (DuplicateDocumentException)
        {
            return Results.Ok(result with { Created = false });
        }
        return Results.Created($"/training/models/{Uri.EscapeDataString(modelId)}/dataset", result);
    }

    private static byte[]? Base64(string? text)
    {
        if (string.IsNullOrEmpty(text)) return null;
        try
        {
            return Convert.FromBase64String(text);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static IResult Problem(int status, string detail) => Results.Problem(detail: detail, statusCode: status);
}
