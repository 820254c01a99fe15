namespace FedBus.Gateway;

/// <summary>
/// The desk's sign-in with the hospital's OIDC issuer (<c>FedBus:Gateway:Desk:SignIn</c>): the authorization code flow
/// with PKCE, run by the desk in the browser as a public client. <see cref="Authority"/> is the issuer whose tokens the
/// services accept (FedBus:Auth:Authority); <see cref="ClientId"/> the desk's registration there, with
/// <c>&lt;gateway&gt;/desk/</c> as its redirect URI. The issuer must allow the gateway's origin (CORS) on its token
/// endpoint, as it does for any single-page client.
/// </summary>
public sealed class DeskSignInOptions
{
    public string? Authority { get; set; }

    public string? ClientId { get; set; }

    /// <summary>The scopes asked for; the access token must carry the audience and the role and site claims the services check.</summary>
    public string Scope { get; set; } = "openid profile";

    /// <summary>What the button says, e.g. "Sign in with St. Mary's account".</summary>
    public string Label { get; set; } = "Sign in with your hospital account";

    public bool Enabled => !string.IsNullOrWhiteSpace(Authority);

    /// <summary>Fails the start with the reason when the sign-in is half configured or points at something that is not an issuer URL.</summary>
    public void Validate()
    {
        if (!Enabled) return;
        if (string.IsNullOrWhiteSpace(ClientId))
            throw new InvalidOperationException($"{DeskOptions.Section}:SignIn:Authority is set but ClientId is not: the desk's client id at the issuer is needed.");
        if (!Uri.TryCreate(Authority, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
            throw new InvalidOperationException($"{DeskOptions.Section}:SignIn:Authority '{Authority}' is not an http(s) URL.");
    }

    /// <summary>The issuer's origin, which the desk's content security policy must let it fetch from.</summary>
    public string? Origin => Enabled ? new Uri(Authority!).GetLeftPart(UriPartial.Authority) : null;
}
