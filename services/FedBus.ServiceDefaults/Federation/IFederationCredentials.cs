using System.Net.Http.Headers;

namespace FedBus.ServiceDefaults.Federation;

/// <summary>
/// How this process proves to the hub who it is on the hub's HTTP API (the weight store). The default sends nothing;
/// authentication (issue 11) registers its own before AddServiceDefaults, e.g. a bearer token for the site.
/// </summary>
public interface IFederationCredentials
{
    /// <summary>The Authorization header for one request, or null to send none. Asked again for every attempt.</summary>
    ValueTask<AuthenticationHeaderValue?> GetAuthorizationAsync(CancellationToken cancellationToken);
}
