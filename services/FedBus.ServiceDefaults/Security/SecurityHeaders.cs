using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace FedBus.ServiceDefaults.Security;

/// <summary>Headers on every response, first in the pipeline so errors and 401s carry them too.</summary>
public sealed class SecurityHeaders(string contentSecurityPolicy) : IStartupFilter
{
    /// <summary>APIs return data, never pages: nothing may load, nothing may frame them.</summary>
    public const string ApiPolicy = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    /// <summary>
    /// The desk: its own scripts and styles and the images it draws from blobs; nothing from elsewhere, no framing.
    /// Inline style attributes are allowed (the desk sets positions and sizes through them); inline scripts are not.
    /// </summary>
    public const string DeskPolicy = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    /// <summary>The desk's policy, letting it also fetch from <paramref name="signInOrigin"/> (its OIDC issuer) when there is one.</summary>
    public static string DeskPolicyWith(string? signInOrigin) =>
        signInOrigin is null ? DeskPolicy : DeskPolicy.Replace("connect-src 'self'", $"connect-src 'self' {signInOrigin}", StringComparison.Ordinal);

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, nextMiddleware) =>
        {
            context.Response.OnStarting(() =>
            {
                // Set, not appended: a proxied response's own values are replaced, not doubled.
                var headers = context.Response.Headers;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers.ContentSecurityPolicy = contentSecurityPolicy;
                headers["Referrer-Policy"] = "no-referrer";
                headers["Cross-Origin-Opener-Policy"] = "same-origin";
                headers["Cross-Origin-Resource-Policy"] = "same-origin";
                headers.Remove("Server");
                headers.Remove("X-Powered-By");
                return Task.CompletedTask;
            });
            return nextMiddleware(context);
        });
        next(app);
    };
}
