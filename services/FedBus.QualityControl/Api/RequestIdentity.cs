namespace FedBus.QualityControl.Api;

/// <summary>
/// Who is calling. Until sign-in exists (issue 11) the caller names themselves in the X-FedBus-Reader header; this is
/// the one place JWT claims will replace it.
/// </summary>
public static class RequestIdentity
{
    public const string Header = "X-FedBus-Reader";

    public static string? Of(HttpContext context) =>
        context.Request.Headers[Header].FirstOrDefault() is { Length: > 0 and <= 200 } id && !id.Any(char.IsControl) ? id : null;
}
