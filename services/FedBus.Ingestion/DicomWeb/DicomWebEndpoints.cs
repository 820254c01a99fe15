using FedBus.ServiceDefaults.Limits;
using FedBus.ServiceDefaults.Security;

namespace FedBus.Ingestion.DicomWeb;

/// <summary>The DICOMweb routes (PS3.18) under /dicomweb, so OHIF or MONAI Label can use this service as their server.</summary>
public static class DicomWebEndpoints
{
    /// <summary>The OpenAPI document listing these routes (<c>/openapi/dicomweb.json</c>).</summary>
    public const string DocumentName = "dicomweb";

    public static IEndpointRouteBuilder MapDicomWeb(this IEndpointRouteBuilder app)
    {
        // Reads (QIDO/WADO): any role of this site; stores (STOW): the site's PACS or services only.
        var web = app.MapGroup("/dicomweb").WithGroupName(DocumentName).RequireAuthorization(FedBusPolicies.SiteMember).AddEndpointFilter(async (context, next) =>
        {
            try
            {
                return await next(context);
            }
            catch (QidoQueryException e)
            {
                return DicomWebResults.Problem(StatusCodes.Status400BadRequest, e.Message);
            }
        });

        var stowLimit = app.ServiceProvider.GetRequiredService<IngestionOptions>().MaxStowRequestBytes;
        web.MapPost("/studies", (HttpContext c, StowRs stow) => stow.StoreAsync(c, null)).DisableAntiforgery().RequireAuthorization(FedBusPolicies.SiteService).WithRequestLimit(stowLimit);
        web.MapPost("/studies/{study}", (HttpContext c, string study, StowRs stow) => stow.StoreAsync(c, study)).DisableAntiforgery().RequireAuthorization(FedBusPolicies.SiteService).WithRequestLimit(stowLimit);

        web.MapGet("/studies", (HttpRequest r, QidoRs qido) => qido.SearchStudiesAsync(r));
        web.MapGet("/series", (HttpRequest r, QidoRs qido) => qido.SearchSeriesAsync(r, null));
        web.MapGet("/instances", (HttpRequest r, QidoRs qido) => qido.SearchInstancesAsync(r, null, null));
        web.MapGet("/studies/{study}/series", (HttpRequest r, string study, QidoRs qido) => qido.SearchSeriesAsync(r, study));
        web.MapGet("/studies/{study}/instances", (HttpRequest r, string study, QidoRs qido) => qido.SearchInstancesAsync(r, study, null));
        web.MapGet("/studies/{study}/series/{series}/instances", (HttpRequest r, string study, string series, QidoRs qido) => qido.SearchInstancesAsync(r, study, series));

        web.MapGet("/studies/{study}", (HttpContext c, string study, WadoRs wado) => wado.RetrieveAsync(c, study, null, null));
        web.MapGet("/studies/{study}/series/{series}", (HttpContext c, string study, string series, WadoRs wado) => wado.RetrieveAsync(c, study, series, null));
        web.MapGet("/studies/{study}/series/{series}/instances/{instance}", (HttpContext c, string study, string series, string instance, WadoRs wado) =>
            wado.RetrieveAsync(c, study, series, instance));
        web.MapGet("/studies/{study}/metadata", (HttpContext c, string study, WadoRs wado) => wado.MetadataAsync(c, study, null, null));
        web.MapGet("/studies/{study}/series/{series}/metadata", (HttpContext c, string study, string series, WadoRs wado) => wado.MetadataAsync(c, study, series, null));
        web.MapGet("/studies/{study}/series/{series}/instances/{instance}/metadata", (HttpContext c, string study, string series, string instance, WadoRs wado) =>
            wado.MetadataAsync(c, study, series, instance));
        web.MapGet("/studies/{study}/series/{series}/instances/{instance}/frames/{frames}", (HttpContext c, string study, string series, string instance, string frames, WadoRs wado) =>
            wado.FramesAsync(c, study, series, instance, frames));
        web.MapGet("/studies/{study}/series/{series}/instances/{instance}/rendered", (HttpContext c, string study, string series, string instance, WadoRs wado) =>
            wado.RenderedAsync(c, study, series, instance, null));
        web.MapGet("/studies/{study}/series/{series}/instances/{instance}/frames/{frame}/rendered", (HttpContext c, string study, string series, string instance, string frame, WadoRs wado) =>
            wado.RenderedAsync(c, study, series, instance, frame));
        return app;
    }
}
