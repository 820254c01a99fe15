using FedBus.Inference.Batching;
using FedBus.Inference.Models;
using FedBus.Inference.Studies;
using FedBus.ServiceDefaults.Blobs;
using FedBus.ServiceDefaults.Storage;
using FedBus.ServiceDefaults.Security;

namespace FedBus.Inference.Http;

/// <summary>The service's HTTP API under /inference (the same standalone and composed; the gateway forwards the prefix).</summary>
public static class InferenceEndpoints
{
    public const string DocumentName = "inference";

    public static IEndpointRouteBuilder MapInferenceApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/inference").WithGroupName(DocumentName).WithTags("inference").RequireAuthorization(FedBusPolicies.SiteMember);

        api.MapGet("/models", (InferenceTasks tasks, ModelCatalog catalog) => tasks.All.Select(t =>
        {
            var lease = t.Slot.Acquire();
            CurrentModelView? current = null;
            if (lease is not null)
            {
                using (lease)
                {
                    var r = lease.Model.Record;
                    current = new CurrentModelView(r.ModelVersion, r.Publication, r.IsRollback, r.ArchitectureId, r.Labels, r.WeightsSha256,
                        lease.Model.Profile is not null, lease.Model.Profile?.Combiner is not null, r.AdoptedAt);
                }
            }
            return new ModelView(t.Name, t.Options.ModelId, t.Options.Kind, t.Options.InputSize, t.Options.AllowedModalities, current);
        }).ToList())
            .WithSummary("The configured tasks and the model each runs in this process");

        api.MapGet("/predictions/{predictionId:guid}", async (Guid predictionId, OutcomeWriter records, CancellationToken ct) =>
            await records.Predictions.GetAsync(predictionId.ToString("D"), ct) is { } found
                ? Results.Ok(found.Document)
                : NotFound($"No prediction {predictionId}."))
            .WithSummary("One prediction: what InferenceCompleted said, with the model publication that made it");

        api.MapGet("/predictions/{predictionId:guid}/label", async (Guid predictionId, OutcomeWriter records, IBlobStore blobs, CancellationToken ct) =>
        {
            if (await records.Predictions.GetAsync(predictionId.ToString("D"), ct) is not { } found) return NotFound($"No prediction {predictionId}.");
            var completed = found.Document.Completed;
            return Results.Stream(blobs.OpenRead(completed.PredictionBlobSha256), completed.PredictionMediaType);
        })
            .WithSummary("The prediction blob (mask PNG at the image's size, class or boxes JSON): the task's pre-annotation");

        api.MapGet("/studies/{study}/predictions", async (string study, OutcomeWriter records, CancellationToken ct) =>
            (await records.Predictions.FindAsync(DocumentFilter.Eq("studyInstanceUid", study), cancellationToken: ct)).Select(s => s.Document).ToList())
            .WithSummary("Every prediction of a study");

        api.MapGet("/studies/{study}/skipped", async (string study, OutcomeWriter records, CancellationToken ct) =>
            (await records.Skips.FindAsync(DocumentFilter.Eq("studyInstanceUid", study), cancellationToken: ct)).Select(s => s.Document.Skipped).ToList())
            .WithSummary("Every instance or frame of a study that was not predicted, with its reason");

        api.MapGet("/batching", (InferenceTasks tasks) => tasks.All.Select(t => new BatchingView(t.Name, t.Batcher.Batches, t.Batcher.Images)).ToList())
            .WithSummary("Shared forward passes so far per task (batches and images)");
        return app;
    }

    private static IResult NotFound(string detail) => Results.Problem(detail: detail, statusCode: StatusCodes.Status404NotFound);
}
