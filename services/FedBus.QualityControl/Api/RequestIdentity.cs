namespace FedBus.QualityControl.Api;

/// <summary>Who is calling: the bearer token's subject (signed by the issuer, so a withdrawal records who really made it).</summary>
public static class RequestIdentity
{
    public static string? Of(HttpContext context) =>
        context.User.Identity?.IsAuthenticated == true && context.User.FindFirst("sub")?.Value is { Length: > 0 and <= 200 } id && !id.Any(char.IsControl) ? id : null;
}
