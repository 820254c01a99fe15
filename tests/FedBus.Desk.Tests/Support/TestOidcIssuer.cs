using System.Collections.Concurrent;
using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace FedBus.Desk.Tests.Support;

/// <summary>
/// A hospital's OpenID Connect issuer as the desk meets it, on loopback: discovery, a signing key (RS256, JWKS), an
/// authorization endpoint that has already signed <see cref="User"/> in (or refuses, <see cref="Refuse"/>) and answers
/// with a one-time code, and a token endpoint that checks the code, the redirect URI, the client and the PKCE verifier
/// (S256) before it issues an access token with the roles and site the services check. What a real issuer adds (its
/// own login page, consent, refresh tokens) is not what the desk's side of the protocol depends on.
/// </summary>
public sealed class TestOidcIssuer : IAsyncDisposable
{
    public const string ClientId = "fedbus-desk";
    public const string Audience = "fedbus";

    private readonly WebApplication _app;
    private readonly RsaSecurityKey _key;
    private readonly ConcurrentDictionary<string, (string Challenge, string RedirectUri)> _codes = new(StringComparer.Ordinal);

    private TestOidcIssuer(WebApplication app, RsaSecurityKey key)
    {
        _app = app;
        _key = key;
    }

    public string Authority => _app.Urls.Single();

    /// <summary>Who the issuer has signed in: subject, roles, site.</summary>
    public (string Subject, string[] Roles, string? Site) User { get; set; } = ("dr-oidc", ["radiologist"], null);

    /// <summary>When set, the authorization endpoint answers with this OAuth error instead of a code.</summary>
    public string? Refuse { get; set; }

    /// <summary>Tokens issued so far.</summary>
    public int Issued { get; private set; }

    /// <summary>Token requests refused so far, with the reason.</summary>
    public ConcurrentQueue<string> Refusals { get; } = new();

    public static async Task<TestOidcIssuer> StartAsync()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        var key = new RsaSecurityKey(RSA.Create(2048)) { KeyId = "test-issuer-1" };
        var issuer = new TestOidcIssuer(app, key);
        // A single-page client fetches discovery and the token endpoint from another origin.
        app.Use((context, next) =>
        {
            context.Response.Headers.AccessControlAllowOrigin = "*";
            return next(context);
        });
        app.MapGet("/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = issuer.Authority,
            ["authorization_endpoint"] = $"{issuer.Authority}/authorize",
            ["token_endpoint"] = $"{issuer.Authority}/token",
            ["jwks_uri"] = $"{issuer.Authority}/jwks",
            ["response_types_supported"] = new[] { "code" },
            ["subject_types_supported"] = new[] { "public" },
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
            ["code_challenge_methods_supported"] = new[] { "S256" },
        }));
        app.MapGet("/jwks", () =>
        {
            var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(key.Rsa.ExportParameters(false)) { KeyId = key.KeyId });
            return Results.Json(new { keys = new[] { new { kty = "RSA", use = "sig", alg = "RS256", kid = jwk.Kid, n = jwk.N, e = jwk.E } } });
        });
        app.MapGet("/authorize", (HttpRequest request) => issuer.Authorize(request));
        app.MapPost("/token", async (HttpRequest request) => issuer.Token(await request.ReadFormAsync()));
        await app.StartAsync();
        return issuer;
    }

    private IResult Authorize(HttpRequest request)
    {
        var q = request.Query;
        if (q["client_id"] != ClientId) return Results.BadRequest($"unknown client '{q["client_id"]}'");
        if (q["response_type"] != "code" || q["code_challenge_method"] != "S256" || string.IsNullOrEmpty(q["code_challenge"]))
            return Results.BadRequest("the authorization code flow with PKCE S256 is required");
        var redirect = q["redirect_uri"].ToString();
        if (!Uri.TryCreate(redirect, UriKind.Absolute, out var uri) || uri.AbsolutePath != "/desk/")
            return Results.BadRequest($"redirect_uri '{redirect}' is not registered");
        if (Refuse is { } error)
            return Results.Redirect($"{redirect}?error={Uri.EscapeDataString(error)}&error_description={Uri.EscapeDataString("the reader declined")}&state={Uri.EscapeDataString(q["state"]!)}");
        var code = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        _codes[code] = (q["code_challenge"]!, redirect);
        return Results.Redirect($"{redirect}?code={code}&state={Uri.EscapeDataString(q["state"]!)}");
    }

    private IResult Token(IFormCollection form)
    {
        IResult Refused(string reason)
        {
            Refusals.Enqueue(reason);
            return Results.Json(new { error = "invalid_grant", error_description = reason }, statusCode: 400);
        }
        if (form["grant_type"] != "authorization_code") return Refused("grant_type must be authorization_code");
        if (form["client_id"] != ClientId) return Refused("unknown client");
        // One use per code: a replayed code is refused.
        if (!_codes.TryRemove(form["code"].ToString(), out var issued)) return Refused("unknown or used code");
        if (form["redirect_uri"] != issued.RedirectUri) return Refused("redirect_uri differs from the authorization request's");
        var verifier = form["code_verifier"].ToString();
        var challenge = Base64UrlEncoder.Encode(SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(verifier)));
        if (verifier.Length < 43 || challenge != issued.Challenge) return Refused("code_verifier does not match the code_challenge");

        var (subject, roles, site) = User;
        var claims = new Dictionary<string, object> { ["sub"] = subject, ["role"] = roles };
        if (site is not null) claims["fedbus:site"] = site;
        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Authority,
            Audience = Audience,
            Claims = claims,
            Expires = DateTime.UtcNow.AddMinutes(10),
            SigningCredentials = new SigningCredentials(_key, SecurityAlgorithms.RsaSha256),
        });
        Issued++;
        return Results.Json(new { access_token = token, token_type = "Bearer", expires_in = 600 });
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _key.Rsa.Dispose();
    }
}
