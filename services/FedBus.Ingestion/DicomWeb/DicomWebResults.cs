namespace FedBus.Ingestion.DicomWeb;

internal static class DicomWebResults
{
    public const string DicomJson = "application/dicom+json";

    public static IResult Json(byte[] body, int status = StatusCodes.Status200OK) => new StatusBytes(body, status);

    /// <summary>An error with a reason a PACS administrator can act on (RFC 7807 problem details).</summary>
    public static IResult Problem(int status, string reason) => Results.Problem(detail: reason, statusCode: status);

    /// <summary>The base of DICOMweb URLs as the client sees them (behind the gateway too).</summary>
    public static string BaseUrl(HttpRequest request) => $"{request.Scheme}://{request.Host}{request.PathBase}/dicomweb";

    private sealed class StatusBytes(byte[] body, int status) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = status;
            httpContext.Response.ContentType = DicomJson;
            await httpContext.Response.Body.WriteAsync(body, httpContext.RequestAborted);
        }
    }
}
