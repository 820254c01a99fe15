using Microsoft.Extensions.FileProviders;

namespace FedBus.Gateway;

/// <summary>Serves the radiologist's desk under <c>/desk/</c> from the same origin as the APIs it calls.</summary>
public static class DeskEndpoints
{
    public const string Path = "/desk";

    public static WebApplication MapDesk(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<DeskOptions>();
        if (!File.Exists(System.IO.Path.Combine(options.Root, "index.html")))
        {
            // Refuse to start half-built: a gateway without its desk would answer 404 to every radiologist.
            throw new InvalidOperationException(
                $"The desk's files are not in '{options.Root}' (no index.html). Build the gateway with npm on PATH, or set {DeskOptions.Section}:Root.");
        }
        var files = new PhysicalFileProvider(options.Root);
        app.MapGet("/", () => Results.Redirect($"{Path}/")).AllowAnonymous();
        // What the desk needs before anyone is signed in: whether (and where) the hospital's sign-in is. No secret: a
        // public client's id and its issuer are visible in any browser that signs in.
        var signIn = options.SignIn;
        app.MapGet($"{Path}/config.json", () => Results.Json(new
        {
            signIn = signIn.Enabled ? new { authority = signIn.Authority!.TrimEnd('/'), clientId = signIn.ClientId, scope = signIn.Scope, label = signIn.Label } : null,
        })).AllowAnonymous().ExcludeFromDescription();
        // Not an endpoint: a matched endpoint (routing ignores the trailing slash) would keep the static files from answering.
        app.Use((context, next) =>
        {
            if (context.Request.Path.Value == Path) return Results.Redirect($"{Path}/").ExecuteAsync(context);
            return next(context);
        });
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files, RequestPath = Path });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            RequestPath = Path,
            // File names carry no content hash: revalidate every time (ETag answers 304 when unchanged).
            OnPrepareResponse = c =>
            {
                c.Context.Response.Headers.CacheControl = "no-cache";
                c.Context.Response.Headers.XContentTypeOptions = "nosniff";
            },
        });
        return app;
    }
}
