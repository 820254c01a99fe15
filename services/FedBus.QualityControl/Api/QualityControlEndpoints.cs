using FedBus.QualityControl.Service;
using FedBus.ServiceDefaults.Messaging.Outbox;
using FedBus.ServiceDefaults.Storage;
using FedBus.ServiceDefaults.Security;

namespace FedBus.QualityControl.Api;

/// <summary>The /qc routes: verdicts with their reasons, reader agreement, drift, rejection counts, case withdrawal.</summary>
public static class QualityControlEndpoints
{
    public const string DocumentName = "qc";

    public static IEndpointRouteBuilder MapQualityControlApi(this IEndpointRouteBuilder app)
    {
        var qc = app.MapGroup("/qc").WithGroupName(DocumentName).WithTags("quality-control").RequireAuthorization(FedBusPolicies.SiteMember);

        qc.MapGet("/tasks/{taskId:guid}", async (Guid taskId, QcQueries queries, CancellationToken ct) =>
                await queries.TaskAsync(taskId, ct) is { } view ? Results.Ok(view) : Problem(404, $"QC has no verdict for task {taskId}."))
            .WithSummary("QC's state of a task and every verdict on its submissions, with reasons.");

        qc.MapGet("/cases/{caseId:guid}", async (Guid caseId, QcQueries queries, CancellationToken ct) =>
                await queries.CaseAsync(caseId, ct) is { } view ? Results.Ok(view) : Problem(404, $"There is no case {caseId}."))
            .WithSummary("An accepted (or withdrawn) case: its task, consensus label, readers and warnings.");

        qc.MapPost("/cases/{caseId:guid}/withdraw", WithdrawAsync).RequireAuthorization(FedBusPolicies.SiteAdmin)
            .WithSummary("A site administrator withdraws an accepted case, with a reason; training drops it (CaseWithdrawn).");

        qc.MapGet("/agreement", (string? modelId, QcQueries queries, CancellationToken ct) => queries.AgreementAsync(modelId, ct))
            .WithSummary("Per reader: agreement with the outcome of double reads over time, and whether they are systematically off; per reader pair: Cohen's κ.");

        qc.MapGet("/drift", (QcQueries queries, CancellationToken ct) => queries.DriftAsync(ct))
            .WithSummary("Per model: the site's accepted class distribution against the federation's (Jensen–Shannon divergence).");

        qc.MapGet("/rejections", (string? modelId, QcQueries queries, CancellationToken ct) => queries.RejectionsAsync(modelId, ct))
            .WithSummary("Verdicts and rejections by reason code, in all and per model.");
        return app;
    }

    private static async Task<IResult> WithdrawAsync(
        Guid caseId, WithdrawCaseRequest? request, HttpContext http, CaseWithdrawals withdrawals, TransactionalOutbox outbox, CancellationToken ct)
    {
        var by = RequestIdentity.Of(http);
        if (by is null) return Problem(400, "The bearer token names no subject (claim sub): a withdrawal records who made it.");
        var reason = request?.Reason?.Trim();
        if (string.IsNullOrEmpty(reason)) return Problem(400, "A withdrawal needs a reason (body: {\"reason\": \"…\"}).");
        if (reason.Length > 2000) return Problem(400, "The reason is longer than 2000 characters.");

        var work = outbox.Begin(ct);
        var (outcome, withdrawn) = await withdrawals.WithdrawAsync(caseId, by, reason, work, ct);
        switch (outcome)
        {
            case WithdrawalOutcome.NotFound:
                return Problem(404, $"There is no accepted case {caseId}.");
            case WithdrawalOutcome.AlreadyWithdrawn:
                return Results.Ok(withdrawn);
            default:
                try
                {
                    await outbox.CommitAsync(work, ct);
                }
                catch (ConcurrencyConflictException)
                {
                    return Problem(409, $"Case {caseId} changed while it was being withdrawn; look at it again and retry.");
                }
                return Results.Ok(withdrawn);
        }
    }

    private static IResult Problem(int status, string detail) => Results.Problem(detail: detail, statusCode: status);
}
